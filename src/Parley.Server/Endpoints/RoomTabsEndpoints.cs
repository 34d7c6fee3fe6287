using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class RoomTabsEndpoints
{
    public static RouteGroupBuilder MapRoomTabs(this RouteGroupBuilder v1)
    {
        var tabs = v1.MapGroup("/room/tabs").WithTags("Room Tabs");
        tabs.MapGet("", List).RequireScope(RoomsEndpoints.Read);
        tabs.MapPost("", Create).RequireScope(Scopes.RoomsWrite, Scopes.All);
        tabs.MapGet("/{id}", Get).RequireScope(RoomsEndpoints.Read);
        tabs.MapPut("/{id}", Update).RequireScope(Scopes.RoomsWrite, Scopes.All, Scopes.ComplianceRoomsWrite);
        tabs.MapDelete("/{id}", Delete).RequireScope(Scopes.RoomsWrite, Scopes.All);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, RoomTabService tabs)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), RoomTabService.DefaultMax, RoomTabService.MaxCap);
        var page = await tabs.ListAsync(context.Caller(), request.String("roomId"), request.String("cursor"), max);
        return WebexResults.Page(new ItemList<Wire.RoomTab>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, RoomTabService tabs) =>
        WebexResults.Ok(await tabs.CreateAsync(context.Caller(), await RequestBody.ReadAsync<RoomTabRequest>(context)));

    private static async Task<IResult> Get(string id, HttpContext context, RoomTabService tabs) =>
        WebexResults.Ok(await tabs.GetAsync(context.Caller(), id));

    private static async Task<IResult> Update(string id, HttpContext context, RoomTabService tabs) =>
        WebexResults.Ok(await tabs.UpdateAsync(context.Caller(), id, await RequestBody.ReadAsync<RoomTabRequest>(context)));

    private static async Task<IResult> Delete(string id, HttpContext context, RoomTabService tabs)
    {
        await tabs.DeleteAsync(context.Caller(), id);
        return WebexResults.NoContent();
    }
}
