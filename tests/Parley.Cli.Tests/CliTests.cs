using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Cli.Tests;

public sealed class CliTests(ParleyServer server) : IClassFixture<ParleyServer>, IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string S(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task Login_checks_the_token_saves_it_readable_by_the_user_only_and_never_prints_it()
    {
        var user = await server.CreateUserAsync("Cli User");

        var login = await _cli.RunAsync(["login", "--base-url", server.BaseAddress.AbsoluteUri], stdin: user.Token + "\n");
        var whoami = await _cli.RunAsync(["whoami", "--json"]);
        var table = await _cli.RunAsync(["whoami"]);

        Assert.Equal(0, login.ExitCode);
        Assert.Contains(user.Email, login.Stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigFile));
        }
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(_cli.ConfigFile, TestContext.Current.CancellationToken))!;
        Assert.Equal((new Uri(server.BaseAddress, "/v1/").AbsoluteUri, user.Token), (S(saved["baseUrl"]), S(saved["token"])));
        Assert.Equal(0, whoami.ExitCode);
        Assert.Equal((user.Id, user.Email), (S(whoami.Json["id"]), S(whoami.Json["emails"]![0])));
        Assert.Contains("Cli User", table.Stdout, StringComparison.Ordinal);
        Assert.All(new[] { login, whoami, table }, r => Assert.DoesNotContain(user.Token, r.Stdout + r.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_token_exits_3_with_the_tracking_id_and_saves_nothing()
    {
        var result = await _cli.RunAsync(["login", "--base-url", server.BaseAddress.AbsoluteUri, "--token", "not-a-token"]);
        var notLoggedIn = await _cli.RunAsync(["whoami"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Matches("trackingId: \\S+", result.Stderr);
        Assert.False(File.Exists(_cli.ConfigFile));
        Assert.Equal(3, notLoggedIn.ExitCode);
        Assert.Contains("parley login", notLoggedIn.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sent_messages_are_listed_as_wire_json_and_as_a_table()
    {
        var user = await server.CreateUserAsync();
        await _cli.LoginAsync(server.BaseAddress, user.Token);

        var room = await _cli.RunAsync(["rooms", "create", "CLI room", "--json"]);
        var roomId = S(room.Json["id"]);
        var sent = await _cli.RunAsync(["messages", "send", "--room", roomId, "hello from the cli", "--json"]);
        var markdown = await _cli.RunAsync(["messages", "send", "--room", roomId, "--markdown", "**bold** move", "--json"]);
        var listed = await _cli.RunAsync(["messages", "list", "--room", roomId, "--json"]);
        var table = await _cli.RunAsync(["messages", "list", "--room", roomId]);
        var rooms = await _cli.RunAsync(["rooms", "list", "--json"]);

        Assert.Equal([0, 0, 0, 0, 0, 0], new[] { room, sent, markdown, listed, table, rooms }.Select(r => r.ExitCode));
        Assert.Equal("CLI room", S(room.Json["title"]));
        Assert.Equal((roomId, "hello from the cli", user.Id), (S(sent.Json["roomId"]), S(sent.Json["text"]), S(sent.Json["personId"])));
        Assert.Equal("<p><strong>bold</strong> move</p>", S(markdown.Json["html"]));
        Assert.Equal([S(markdown.Json["id"]), S(sent.Json["id"])], listed.Json["items"]!.AsArray().Select(m => S(m!["id"])));
        Assert.Contains("hello from the cli", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(roomId, rooms.Json["items"]!.AsArray().Select(r => S(r!["id"])));
    }

    [Fact]
    public async Task Unknown_ids_exit_4_and_usage_errors_exit_2()
    {
        var user = await server.CreateUserAsync();
        await _cli.LoginAsync(server.BaseAddress, user.Token);

        var unknown = await _cli.RunAsync(["rooms", "get", WebexId.Encode(WebexIdType.Room, Guid.NewGuid())]);
        var missingArgument = await _cli.RunAsync(["rooms", "create"]);
        var unknownCommand = await _cli.RunAsync(["frobnicate"]);
        var noDestination = await _cli.RunAsync(["messages", "send", "hi"]);

        Assert.Equal(4, unknown.ExitCode);
        Assert.Matches("error: .+\\n(.|\\n)*trackingId: \\S+", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);
        Assert.Equal([2, 2, 2], new[] { missingArgument, unknownCommand, noDestination }.Select(r => r.ExitCode));
        Assert.Contains("--room", noDestination.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_override_the_saved_login_and_logout_forgets_it()
    {
        var saved = await server.CreateUserAsync("Saved");
        var other = await server.CreateUserAsync("Other");
        await _cli.LoginAsync(server.BaseAddress, saved.Token);

        var overridden = await _cli.RunAsync(["whoami", "--json"], environment: new Dictionary<string, string>
        {
            ["WEBEX_ACCESS_TOKEN"] = other.Token,
            ["PARLEY_BASE_URL"] = server.BaseAddress.AbsoluteUri,
        });
        var logout = await _cli.RunAsync(["logout"]);
        var after = await _cli.RunAsync(["whoami"]);

        Assert.Equal(other.Id, S(overridden.Json["id"]));
        Assert.Equal(0, logout.ExitCode);
        Assert.False(File.Exists(_cli.ConfigFile));
        Assert.Equal(3, after.ExitCode);
    }

    [Fact]
    public async Task Webhooks_are_created_listed_and_deleted()
    {
        var user = await server.CreateUserAsync();
        await _cli.LoginAsync(server.BaseAddress, user.Token);

        var created = await _cli.RunAsync(["webhooks", "create", "--name", "cli hook", "--target", "https://bot.example.com/hook", "--resource", "messages", "--event", "created", "--json"]);
        var listed = await _cli.RunAsync(["webhooks", "list", "--json"]);
        var deleted = await _cli.RunAsync(["webhooks", "delete", S(created.Json["id"])]);
        var empty = await _cli.RunAsync(["webhooks", "list", "--json"]);

        Assert.Equal(("cli hook", "messages", "created"), (S(created.Json["name"]), S(created.Json["resource"]), S(created.Json["event"])));
        Assert.Equal([S(created.Json["id"])], listed.Json["items"]!.AsArray().Select(w => S(w!["id"])));
        Assert.Equal(0, deleted.ExitCode);
        Assert.Empty(empty.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Tail_prints_each_event_as_a_json_stream_frame_as_it_happens()
    {
        var user = await server.CreateUserAsync();
        await _cli.LoginAsync(server.BaseAddress, user.Token);
        var room = await _cli.RunAsync(["rooms", "create", "Tailed", "--json"]);
        var roomId = S(room.Json["id"]);
        using var tail = _cli.Start(["tail", "--resource", "messages", "--event", "created", "--json"]);
        try
        {
            var line = tail.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask();
            var posted = new List<string>();
            // The stream starts with the next event after it connects: post until one is printed.
            for (var i = 0; !line.IsCompleted && i < 100; i++)
            {
                var (response, body) = await user.Client.PostJsonAsync("/v1/messages", new { roomId, text = $"tailed {i}" });
                Assert.True(response.IsSuccessStatusCode);
                posted.Add(S(body!["id"]));
                await Task.WhenAny(line, Task.Delay(200, TestContext.Current.CancellationToken));
            }
            var frame = JsonNode.Parse((await line)!)!;

            Assert.Equal("event", S(frame["type"]));
            Assert.False(string.IsNullOrEmpty(S(frame["cursor"])));
            Assert.Equal(("messages", "created", user.Id), (S(frame["envelope"]!["resource"]), S(frame["envelope"]!["event"]), S(frame["envelope"]!["actorId"])));
            Assert.Contains(S(frame["envelope"]!["data"]!["id"]), posted);
        }
        finally
        {
            tail.Kill();
        }
    }

    [Fact]
    public async Task Shell_completion_suggests_commands_through_the_suggest_directive()
    {
        var result = await _cli.RunAsync(["[suggest:10]", "parley roo"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("rooms", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_file_is_uploaded_with_the_message_and_downloaded_under_its_name()
    {
        var user = await server.CreateUserAsync();
        await _cli.LoginAsync(server.BaseAddress, user.Token);
        var roomId = S((await _cli.RunAsync(["rooms", "create", "Files", "--json"])).Json["id"]);
        var source = Path.Combine(Path.GetTempPath(), $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(source, "file body", TestContext.Current.CancellationToken);
        var target = Directory.CreateTempSubdirectory("parley-download-");
        try
        {
            var sent = await _cli.RunAsync(["messages", "send", "--room", roomId, "--file", source, "see attached", "--json"]);
            Assert.True(sent.ExitCode == 0, sent.Stderr);
            var downloaded = await _cli.RunAsync(["messages", "download", S(sent.Json["id"]), "-o", target.FullName]);

            Assert.Equal(0, downloaded.ExitCode);
            Assert.Equal("file body", await File.ReadAllTextAsync(Path.Combine(target.FullName, Path.GetFileName(source)), TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(source);
            target.Delete(recursive: true);
        }
    }
}
