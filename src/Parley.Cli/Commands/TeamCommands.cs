using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class TeamCommands
{
    public static Command Create()
    {
        var max = CommonOptions.Max();
        var list = new Command("list", "List your teams") { max };
        list.SetClientAction(async s =>
        {
            var teams = await s.TakeAsync(s.Client.Teams.ListAsync(new TeamListOptions { Max = s.Get(max) }, s.Cancellation), s.Get(max));
            s.Output.List(teams, ["Name", "Created", "Id"], t => [t.Name, Output.Time(t.Created), t.Id]);
        });

        var name = new Argument<string>("name") { Description = "The team's name" };
        var create = new Command("create", "Create a team") { name };
        create.SetClientAction(async s => Show(s, await s.Client.Teams.CreateAsync(new TeamRequest { Name = s.Get(name) }, s.Cancellation)));

        var id = CommonOptions.Id("team");
        var get = new Command("get", "Show a team") { id };
        get.SetClientAction(async s => Show(s, await s.Client.Teams.GetAsync(s.Get(id), s.Cancellation)));

        var delete = CommonOptions.DeleteById("delete", "Delete a team", "team", (client, id, cancellationToken) => client.Teams.DeleteAsync(id, cancellationToken));

        return new Command("teams", "Teams") { list, create, get, delete };
    }

    private static void Show(Session s, Team team) =>
        s.Output.Item(team, ("Name", team.Name), ("Description", team.Description), ("Created", Output.Time(team.Created)), ("Id", team.Id));
}
