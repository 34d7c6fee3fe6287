using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder v1)
    {
        var people = v1.MapGroup("/people").WithTags("People");
        people.MapGet("/me", GetMe);
        people.MapGet("/{personId}", Get);
        return v1;
    }

    private static async Task<IResult> GetMe(HttpContext context, PeopleService people) =>
        WebexResults.Ok(await people.GetMeAsync(context.Caller()));

    private static async Task<IResult> Get(string personId, HttpContext context, PeopleService people) =>
        WebexResults.Ok(await people.GetAsync(context.Caller(), personId));
}
