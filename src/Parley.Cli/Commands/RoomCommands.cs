using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class RoomCommands
{
    public static Command Create()
    {
        var max = CommonOptions.Max();
        var type = new Option<string>("--type") { Description = "direct or group" };
        type.AcceptOnlyFromAmong("direct", "group");
        var team = new Option<string>("--team") { Description = "Only rooms of this team (list), or the team of the new room (create)" };
        var list = new Command("list", "List your rooms, most recently active first") { max, type, team };
        list.SetClientAction(async s =>
        {
            var options = new RoomListOptions { Max = s.Get(max), Type = s.Get(type), TeamId = s.Get(team), SortBy = "lastactivity" };
            var rooms = await s.TakeAsync(s.Client.Rooms.ListAsync(options, s.Cancellation), s.Get(max));
            s.Output.List(rooms, ["Title", "Type", "Last activity", "Id"], r => [r.Title, r.Type, Output.Time(r.LastActivity), r.Id]);
        });

        var title = new Argument<string>("title") { Description = "The room's title" };
        var create = new Command("create", "Create a group room with you as its member") { title, team };
        create.SetClientAction(async s =>
            Show(s, await s.Client.Rooms.CreateAsync(new CreateRoomRequest { Title = s.Get(title), TeamId = s.Get(team) }, s.Cancellation)));

        var id = CommonOptions.Id("room");
        var get = new Command("get", "Show a room") { id };
        get.SetClientAction(async s => Show(s, await s.Client.Rooms.GetAsync(s.Get(id), s.Cancellation)));

        var delete = CommonOptions.DeleteById("delete", "Delete a room and its messages", "room", (client, id, cancellationToken) => client.Rooms.DeleteAsync(id, cancellationToken));

        return new Command("rooms", "Rooms (spaces)") { list, create, get, delete };
    }

    private static void Show(Session s, Room room) =>
        s.Output.Item(room, ("Title", room.Title), ("Type", room.Type), ("Team", room.TeamId), ("Locked", room.IsLocked ? "yes" : "no"),
            ("Created", Output.Time(room.Created)), ("Last activity", Output.Time(room.LastActivity)), ("Id", room.Id));
}
