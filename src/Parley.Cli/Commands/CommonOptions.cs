using System.CommandLine;
using Parley.Sdk;

namespace Parley.Cli.Commands;

internal static class CommonOptions
{
    public static Option<int> Max() => new("--max")
    {
        Description = "List at most this many items",
        DefaultValueFactory = _ => 100,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--max must be at least 1."); } } },
    };

    public static Argument<string> Id(string what) => new("id") { Description = $"The {what}'s ID" };

    /// <summary>A command that deletes one object by its ID and confirms with <paramref name="done"/>.</summary>
    public static Command DeleteById(
        string name, string description, string what, Func<WebexClient, string, CancellationToken, Task> delete, string done = "Deleted.")
    {
        var id = Id(what);
        var command = new Command(name, description) { id };
        command.SetClientAction(async s =>
        {
            await delete(s.Client, s.Get(id), s.Cancellation);
            s.Output.Done(done);
        });
        return command;
    }
}
