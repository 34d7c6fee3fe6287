using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class TeamMembershipsEndpoints
{
    public static RouteGroupBuilder MapTeamMemberships(this RouteGroupBuilder v1)
    {
        var memberships = v1.MapGroup("/team/memberships").WithTags("Team Memberships");
        memberships.MapGet("", List);
        memberships.MapPost("", Create);
        memberships.MapGet("/{membershipId}", Get);
        memberships.MapPut("/{membershipId}", Update);
        memberships.MapDelete("/{membershipId}", Delete);
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
