using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using Parley.Cli.Commands;
using Parley.Sdk;

namespace Parley.Cli;

/// <summary>The command tree, and the one place where failures become messages and exit codes.</summary>
internal static class CliApp
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the wire JSON (one object, or {\"items\":[…]} for lists) instead of tables",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var root = new RootCommand($"""
            parley: a client of the Webex messaging API for Parley servers (and Webex).

            {ExitCodes.Help}
            """)
        {
            Json,
            AccountCommands.Login(),
            AccountCommands.Logout(),
            AccountCommands.WhoAmI(),
            RoomCommands.Create(),
            TeamCommands.Create(),
            PeopleCommands.Create(),
            MembershipCommands.Create(),
            MessageCommands.Create(),
            WebhookCommands.Create(),
            AccountCommands.Bots(),
            TailCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run 'parley --help' (or 'parley <command> --help') for usage.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync();
    }

    /// <summary>Sets an action that needs the saved login and a client.</summary>
    public static void SetClientAction(this Command command, Func<Session, Task> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(cancellationToken, async () =>
        {
            var config = CliConfig.Load()
                ?? throw new CliException(ExitCodes.NotLoggedIn, $"Not logged in: run 'parley login' or set {CliConfig.TokenVariable}.");
            using var client = new WebexClient(new WebexClientOptions { BaseAddress = config.ApiRoot, AccessToken = config.Token });
            await action(new Session(parse, config, client, new Output(parse.GetValue(Json)), cancellationToken));
        }));

    /// <summary>Sets an action that works without a login (login, logout).</summary>
    public static void SetLocalAction(this Command command, Func<ParseResult, CancellationToken, Task> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(cancellationToken, () => action(parse, cancellationToken)));

    private static async Task<int> RunAsync(CancellationToken cancellationToken, Func<Task> action)
    {
        try
        {
            await action();
            return ExitCodes.Ok;
        }
        catch (WebexApiException ex)
        {
            var error = new StringBuilder($"error: {ex.Message}");
            foreach (var description in ex.Errors.Where(d => d != ex.Message))
            {
                error.Append($"\n  {description}");
            }
            error.Append($"\ntrackingId: {ex.TrackingId ?? "(none)"}");
            await Console.Error.WriteLineAsync(error.ToString());
            return ExitCodes.Of(ex);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the server: {ex.Message}");
            return ExitCodes.ApiError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: the server did not answer in time");
            return ExitCodes.ApiError;
        }
    }
}

/// <summary>What a command's action works with.</summary>
internal sealed record Session(ParseResult Parse, CliConfig Config, WebexClient Client, Output Output, CancellationToken Cancellation)
{
    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>At most <paramref name="max"/> items of a lazy list, requesting pages of that size.</summary>
    public Task<List<T>> TakeAsync<T>(IAsyncEnumerable<T> items, int max) => items.Take(max).ToListAsync(Cancellation).AsTask();
}
