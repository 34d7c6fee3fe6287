using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class TeamMembershipsEndpoints
{
    private static readonly string[] Read = [Scopes.TeamMembershipsRead, Scopes.All, Scopes.ComplianceTeamMembershipsRead];
    private static readonly string[] Write = [Scopes.TeamMembershipsWrite, Scopes.All, Scopes.ComplianceTeamMembershipsWrite];

    public static RouteGroupBuilder MapTeamMemberships(this RouteGroupBuilder v1)
    {
        var memberships = v1.MapGroup("/team/memberships").WithTags("Team Memberships");
        memberships.MapGet("", List).RequireScope(Read);
        memberships.MapPost("", Create).RequireScope(Write);
        memberships.MapGet("/{membershipId}", Get).RequireScope(Read);
        memberships.MapPut("/{membershipId}", Update).RequireScope(Write);
        memberships.MapDelete("/{membershipId}", Delete).RequireScope(Write);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, TeamMembershipService memberships)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), TeamMembershipService.DefaultMax, TeamMembershipService.MaxCap);
        var page = await memberships.ListAsync(context.Caller(), request.String("teamId"), request.String("cursor"), max);
        return WebexResults.Page(new ItemList<Wire.TeamMembership>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, TeamMembershipService memberships) =>
        WebexResults.Ok(await memberships.CreateAsync(context.Caller(), await RequestBody.ReadAsync<CreateTeamMembershipRequest>(context)));

    private static async Task<IResult> Get(string membershipId, HttpContext context, TeamMembershipService memberships) =>
        WebexResults.Ok(await memberships.GetAsync(context.Caller(), membershipId));

    private static async Task<IResult> Update(string membershipId, HttpContext context, TeamMembershipService memberships) =>
        WebexResults.Ok(await memberships.UpdateAsync(context.Caller(), membershipId, await RequestBody.ReadAsync<UpdateTeamMembershipRequest>(context)));

    private static async Task<IResult> Delete(string membershipId, HttpContext context, TeamMembershipService memberships)
    {
        await memberships.DeleteAsync(context.Caller(), membershipId);
        return WebexResults.NoContent();
    }
}
