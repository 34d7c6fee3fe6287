using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class TeamsEndpoints
{
    private static readonly string[] Read = [Scopes.TeamsRead, Scopes.All, Scopes.ComplianceTeamsRead];

    public static RouteGroupBuilder MapTeams(this RouteGroupBuilder v1)
    {
        var teams = v1.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("", List).RequireScope(Read);
        teams.MapPost("", Create).RequireScope(Scopes.TeamsWrite, Scopes.All);
        teams.MapGet("/{teamId}", Get).RequireScope(Read);
        teams.MapPut("/{teamId}", Update).RequireScope(Scopes.TeamsWrite, Scopes.All);
        teams.MapDelete("/{teamId}", Delete).RequireScope(Scopes.TeamsWrite, Scopes.All);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, TeamService teams)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), TeamService.DefaultMax, TeamService.MaxCap);
        var page = await teams.ListAsync(context.Caller(), request.String("cursor"), max);
        return WebexResults.Page(new ItemList<Wire.Team>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, TeamService teams) =>
        WebexResults.Ok(await teams.CreateAsync(context.Caller(), await RequestBody.ReadAsync<TeamRequest>(context)));

    private static async Task<IResult> Get(string teamId, HttpContext context, TeamService teams) =>
        WebexResults.Ok(await teams.GetAsync(context.Caller(), teamId));

    private static async Task<IResult> Update(string teamId, HttpContext context, TeamService teams) =>
        WebexResults.Ok(await teams.UpdateAsync(context.Caller(), teamId, await RequestBody.ReadAsync<TeamRequest>(context)));

    private static async Task<IResult> Delete(string teamId, HttpContext context, TeamService teams)
    {
        await teams.DeleteAsync(context.Caller(), teamId);
        return WebexResults.NoContent();
    }
}
