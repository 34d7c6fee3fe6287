using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class MembershipsEndpoints
{
    private static readonly string[] Read = [Scopes.MembershipsRead, Scopes.All, Scopes.ComplianceMembershipsRead];
    private static readonly string[] Write = [Scopes.MembershipsWrite, Scopes.All, Scopes.ComplianceMembershipsWrite];

    public static RouteGroupBuilder MapMemberships(this RouteGroupBuilder v1)
    {
        var memberships = v1.MapGroup("/memberships").WithTags("Memberships");
        memberships.MapGet("", List).RequireScope(Read);
        memberships.MapPost("", Create).RequireScope(Write);
        memberships.MapGet("/{membershipId}", Get).RequireScope(Read);
        memberships.MapPut("/{membershipId}", Update).RequireScope(Write);
        memberships.MapDelete("/{membershipId}", Delete).RequireScope(Write);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, MembershipService memberships)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), MembershipService.DefaultMax, MembershipService.MaxCap);
        var query = new MembershipListRequest(request.String("roomId"), request.String("personId"), request.String("personEmail"), request.String("cursor"));
        var page = await memberships.ListAsync(context.Caller(), query, max);
        return WebexResults.Page(new ItemList<Wire.Membership>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, MembershipService memberships) =>
        WebexResults.Ok(await memberships.CreateAsync(context.Caller(), await RequestBody.ReadAsync<CreateMembershipRequest>(context)));

    private static async Task<IResult> Get(string membershipId, HttpContext context, MembershipService memberships) =>
        WebexResults.Ok(await memberships.GetAsync(context.Caller(), membershipId));

    private static async Task<IResult> Update(string membershipId, HttpContext context, MembershipService memberships) =>
        WebexResults.Ok(await memberships.UpdateAsync(context.Caller(), membershipId, await RequestBody.ReadAsync<UpdateMembershipRequest>(context)));

    private static async Task<IResult> Delete(string membershipId, HttpContext context, MembershipService memberships)
    {
        await memberships.DeleteAsync(context.Caller(), membershipId);
        return WebexResults.NoContent();
    }
}
