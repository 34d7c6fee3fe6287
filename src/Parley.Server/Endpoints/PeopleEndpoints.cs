using Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class PeopleEndpoints
{
    private static readonly string[] Read = [Scopes.PeopleRead, Scopes.All, Scopes.AdminPeopleRead];

    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder v1)
    {
        var people = v1.MapGroup("/people").WithTags("People");
        people.MapGet("/", List).RequireScope(Read);
        people.MapPost("/", Create).RequireScope(Scopes.AdminPeopleWrite);
        people.MapGet("/me", GetMe).RequireScope(Read);
        people.MapGet("/{personId}", Get).RequireScope(Read);
        people.MapPut("/{personId}", Update).RequireScope(Scopes.AdminPeopleWrite);
        people.MapDelete("/{personId}", Delete).RequireScope(Scopes.AdminPeopleWrite);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, PeopleService people)
    {
        var q = context.Request;
        var page = await people.ListAsync(context.Caller(), new PeopleListRequest(
            q.String("email"),
            q.String("displayName"),
            q.String("id"),
            q.String("orgId"),
            q.String("roles"),
            q.Bool("callingData") ?? false,
            q.String("locationId"),
            q.Bool("excludeStatus") ?? false,
            q.Int("max"),
            q.String("cursor")));
        // showAllTypes is accepted and ignored (the JS SDK's batched lookup always sends it).
        _ = q.Bool("showAllTypes");
        return WebexResults.Page(page.List, page.NextCursor, page.Max);
    }

    private static async Task<IResult> Create(HttpContext context, PeopleService people)
    {
        var minResponse = context.Request.Bool("minResponse") ?? false;
        var body = await RequestBody.ReadAsync<CreatePersonRequest>(context);
        var person = await people.CreateAsync(context.Caller(), body);
        return minResponse ? WebexResults.Ok(new IdOnly(person.Id)) : WebexResults.Ok(person);
    }

    private static async Task<IResult> GetMe(HttpContext context, PeopleService people) =>
        WebexResults.Ok(await people.GetMeAsync(context.Caller()));

    private static async Task<IResult> Get(string personId, HttpContext context, PeopleService people) =>
        WebexResults.Ok(await people.GetAsync(context.Caller(), personId));

    private static async Task<IResult> Update(string personId, HttpContext context, PeopleService people)
    {
        var minResponse = context.Request.Bool("minResponse") ?? false;
        var body = await RequestBody.ReadAsync<CreatePersonRequest>(context);
        var person = await people.UpdateAsync(context.Caller(), personId, body);
        return minResponse ? WebexResults.NoContent() : WebexResults.Ok(person);
    }

    private static async Task<IResult> Delete(string personId, HttpContext context, PeopleService people)
    {
        await people.DeleteAsync(context.Caller(), personId);
        return WebexResults.NoContent();
    }
}
