using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class PeopleCommands
{
    public static Command Create()
    {
        var max = CommonOptions.Max();
        var email = new Option<string>("--email") { Description = "Only the person with this address" };
        var name = new Option<string>("--name") { Description = "People whose display name starts with this" };
        var list = new Command("list", "List people (without filters: administrators only)") { email, name, max };
        list.SetClientAction(s => ListAsync(s, new PersonListOptions { Email = s.Get(email), DisplayName = s.Get(name), Max = s.Get(max) }));

        var text = new Argument<string>("text") { Description = "An email address, or the start of a display name" };
        var searchMax = CommonOptions.Max();
        var search = new Command("search", "Find people by address or by the start of their name") { text, searchMax };
        search.SetClientAction(s =>
        {
            var value = s.Get(text);
            return ListAsync(s, value.Contains('@', StringComparison.Ordinal)
                ? new PersonListOptions { Email = value, Max = s.Get(searchMax) }
                : new PersonListOptions { DisplayName = value, Max = s.Get(searchMax) });
        });

        var id = new Argument<string>("id") { Description = "The person's ID, or me" };
        var get = new Command("get", "Show a person") { id };
        get.SetClientAction(async s =>
        {
            var person = s.Get(id) == "me" ? await s.Client.People.GetMeAsync(s.Cancellation) : await s.Client.People.GetAsync(s.Get(id), s.Cancellation);
            s.Output.Item(person, ("Name", person.DisplayName), ("Email", string.Join(", ", person.Emails)), ("Type", person.Type),
                ("Status", person.Status), ("Created", Output.Time(person.Created)), ("Id", person.Id));
        });

        return new Command("people", "People") { list, search, get };
    }

    private static async Task ListAsync(Session s, PersonListOptions options)
    {
        var people = await s.TakeAsync(s.Client.People.ListAsync(options, s.Cancellation), options.Max!.Value);
        s.Output.List(people, ["Name", "Email", "Type", "Id"], p => [p.DisplayName, p.Emails.FirstOrDefault(), p.Type, p.Id]);
    }
}
