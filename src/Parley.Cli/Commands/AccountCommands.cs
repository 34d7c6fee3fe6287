using System.CommandLine;
using Parley.Contracts;
using Parley.Sdk;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>login, logout, whoami, bots.</summary>
internal static class AccountCommands
{
    public static Command Login()
    {
        var baseUrl = new Option<string>("--base-url")
        {
            Description = $"The server, e.g. https://chat.example.com (/v1 is added); default: ${CliConfig.BaseUrlVariable}, the saved one, or {CliConfig.DefaultBaseUrl}",
        };
        var token = new Option<string>("--token")
        {
            Description = "The access token; without it the token is read from stdin, or asked for when stdin is a terminal (safer: not in shell history)",
        };
        var command = new Command("login", "Check a token with the server (people/me) and save it with the server's address") { baseUrl, token };
        command.SetLocalAction(async (parse, cancellationToken) =>
        {
            var root = CliConfig.ApiRootOf(parse.GetValue(baseUrl) ?? CliConfig.BaseUrlOr(CliConfig.ReadSaved()?.BaseUrl));
            var secret = (parse.GetValue(token) ?? await ReadTokenAsync(cancellationToken)).Trim();
            if (secret.Length == 0)
            {
                throw new CliException(ExitCodes.Usage, "No token given.");
            }
            using var client = new WebexClient(new WebexClientOptions { BaseAddress = root, AccessToken = secret });
            var me = await client.People.GetMeAsync(cancellationToken);
            new CliConfig(root.AbsoluteUri, secret).Save();
            var output = new Output(parse.GetValue(CliApp.Json));
            if (output.Json)
            {
                Output.WriteJson(me);
            }
            output.Done($"Logged in to {root} as {me.DisplayName} <{me.Emails.FirstOrDefault()}>; saved in {CliConfig.FilePath}.");
        });
        return command;
    }

    private static async Task<string> ReadTokenAsync(CancellationToken cancellationToken)
    {
        if (Console.IsInputRedirected)
        {
            return await Console.In.ReadLineAsync(cancellationToken) ?? "";
        }
        return await Output.Stderr.PromptAsync(new TextPrompt<string>("Access token:").Secret(), cancellationToken);
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Forget the saved login (the token itself stays valid on the server)");
        command.SetLocalAction((parse, _) =>
        {
            var existed = CliConfig.Delete();
            new Output(parse.GetValue(CliApp.Json)).Done(existed ? "Logged out." : "Was not logged in.");
            return Task.CompletedTask;
        });
        return command;
    }

    public static Command WhoAmI()
    {
        var command = new Command("whoami", "Show the person (or bot) the token belongs to");
        command.SetClientAction(async s =>
        {
            var me = await s.Client.People.GetMeAsync(s.Cancellation);
            s.Output.Item(me, ("Name", me.DisplayName), ("Email", string.Join(", ", me.Emails)), ("Type", me.Type), ("Id", me.Id), ("Server", s.Config.ApiRoot.AbsoluteUri));
        });
        return command;
    }

    public static Command Bots()
    {
        // Bots are made on the server's account pages (a signed-in browser), as on Webex's developer portal; the API has no route for it.
        var command = new Command("bots", "Where to create a bot, and how to act as one");
        command.SetLocalAction((_, _) =>
        {
            var server = CliConfig.ApiRootOf(CliConfig.BaseUrlOr(CliConfig.ReadSaved()?.BaseUrl));
            Console.Out.WriteLine($"""
                Create a bot, or regenerate its token, signed in at {new Uri(server, "/account/bots")}
                (a username becomes username@webex.bot; the token is shown once and never expires).
                Then act as the bot: parley login --base-url {server} --token <bot token>,
                or WEBEX_ACCESS_TOKEN=<bot token> parley ... for a single command.
                """);
            return Task.CompletedTask;
        });
        return command;
    }
}
