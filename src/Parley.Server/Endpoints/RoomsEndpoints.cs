using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class RoomsEndpoints
{
    /// <summary>Also room tabs (60 §5.2).</summary>
    internal static readonly string[] Read = [Scopes.RoomsRead, Scopes.All, Scopes.ComplianceRoomsRead];

    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder v1)
    {
        var rooms = v1.MapGroup("/rooms").WithTags("Rooms");
        rooms.MapGet("", List).RequireScope(Read);
        rooms.MapPost("", Create).RequireScope(Scopes.RoomsWrite, Scopes.All);
        rooms.MapGet("/{roomId}", Get).RequireScope(Read);
        rooms.MapPut("/{roomId}", Update).RequireScope(Scopes.RoomsWrite, Scopes.All, Scopes.ComplianceRoomsWrite);
        rooms.MapDelete("/{roomId}", Delete).RequireScope(Scopes.RoomsWrite, Scopes.All);
        rooms.MapGet("/{roomId}/meetingInfo", GetMeetingInfo).RequireScope(Read);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, RoomService rooms)
    {
        var request = context.Request;
        var max = Cursor.ClampMax(request.Int("max"), RoomService.DefaultMax, RoomService.MaxCap);
        var cursor = request.String("cursor");
        // With a cursor its stored filters govern; repeated parameters may come back mangled (00 §6.3) and are not read.
        var query = cursor is not null
            ? new RoomListRequest(null, null, null, null, null, null, cursor)
            : new RoomListRequest(
                request.String("teamId"),
                request.String("type"),
                request.String("sortBy"),
                request.Bool("orgPublicSpaces"),
                request.Time("from"),
                request.Time("to"),
                null);
        var page = await rooms.ListAsync(context.Caller(), query, max);
        return WebexResults.Page(new ItemList<Wire.Room>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> Create(HttpContext context, RoomService rooms) =>
        WebexResults.Ok(await rooms.CreateAsync(context.Caller(), await RequestBody.ReadAsync<CreateRoomRequest>(context)));

    private static async Task<IResult> Get(string roomId, HttpContext context, RoomService rooms) =>
        WebexResults.Ok(await rooms.GetAsync(context.Caller(), roomId));

    private static async Task<IResult> Update(string roomId, HttpContext context, RoomService rooms) =>
        WebexResults.Ok(await rooms.UpdateAsync(context.Caller(), roomId, await RequestBody.ReadAsync<UpdateRoomRequest>(context)));

    private static async Task<IResult> Delete(string roomId, HttpContext context, RoomService rooms)
    {
        await rooms.DeleteAsync(context.Caller(), roomId);
        return WebexResults.NoContent();
    }

    private static async Task<IResult> GetMeetingInfo(string roomId, HttpContext context, RoomService rooms) =>
        WebexResults.Ok(await rooms.GetMeetingInfoAsync(context.Caller(), roomId));
}
