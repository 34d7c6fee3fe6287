using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class MembershipCommands
{
    public static Command Create()
    {
        var max = CommonOptions.Max();
        var room = new Option<string>("--room") { Description = "The room's ID", Required = true };
        var list = new Command("list", "List a room's members") { room, max };
        list.SetClientAction(async s =>
        {
            var members = await s.TakeAsync(s.Client.Memberships.ListAsync(new MembershipListOptions { RoomId = s.Get(room), Max = s.Get(max) }, s.Cancellation), s.Get(max));
            s.Output.List(members, ["Name", "Email", "Moderator", "Id"], m => [m.PersonDisplayName, m.PersonEmail, m.IsModerator ? "yes" : "", m.Id]);
        });

        var addRoom = new Option<string>("--room") { Description = "The room's ID", Required = true };
        var person = new Option<string>("--person") { Description = "The person's ID" };
        var email = new Option<string>("--email") { Description = "The person's address" };
        var moderator = new Option<bool>("--moderator") { Description = "Make them a moderator" };
        var add = new Command("add", "Add a person to a room, by ID or address") { addRoom, person, email, moderator };
        add.Validators.Add(r =>
        {
            if ((r.GetValue(person) is null) == (r.GetValue(email) is null))
            {
                r.AddError("Give exactly one of --person and --email.");
            }
        });
        add.SetClientAction(async s =>
        {
            var m = await s.Client.Memberships.CreateAsync(
                new CreateMembershipRequest { RoomId = s.Get(addRoom), PersonId = s.Get(person), PersonEmail = s.Get(email), IsModerator = s.Get(moderator) ? true : null },
                s.Cancellation);
            s.Output.Item(m, ("Name", m.PersonDisplayName), ("Email", m.PersonEmail), ("Moderator", m.IsModerator ? "yes" : "no"), ("Id", m.Id));
        });

        var remove = CommonOptions.DeleteById("remove", "Remove a membership: leave a room, or (as a moderator) remove someone from it", "membership",
            (client, id, cancellationToken) => client.Memberships.DeleteAsync(id, cancellationToken), "Removed.");

        return new Command("memberships", "Room memberships") { list, add, remove };
    }
}
