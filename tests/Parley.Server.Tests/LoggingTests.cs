using Parley.Contracts;

namespace Parley.Server.Tests;

/// <summary>What the server writes to its console when run as the README says, without any logging settings.</summary>
public sealed class LoggingTests : IDisposable
{
    private const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string SqlLog = "Microsoft.EntityFrameworkCore.Database.Command";
    private const string DeliveryLog = "System.Net.Http.HttpClient";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "parley-logging", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task By_default_requests_sql_commands_and_webhook_deliveries_are_not_logged_and_logging_settings_turn_them_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var allowReceiver = new Dictionary<string, string> { ["Parley__Security__AllowPrivateNetworkTargets"] = "true" };
        using (var quiet = await ServerProcess.StartAsync(_dataDirectory, allowReceiver))
        {
            var room = await quiet.Webex.Rooms.CreateAsync(new CreateRoomRequest { Title = "Logged" });
            await quiet.Webex.Webhooks.CreateAsync(new WebhookRequest { Name = "hook", TargetUrl = receiver.Url, Resource = "messages", Event = "created" });
            await quiet.Webex.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = "delivered" });
            await receiver.WaitForAsync(r => r.Count > 0, "the webhook delivery");
            await Eventually.Async(() => quiet.Output.Any(line => line.Contains("Now listening on")), "the startup lines");
            Assert.DoesNotContain(quiet.Output, line => line.Contains(RequestLog) || line.Contains(SqlLog) || line.Contains(DeliveryLog));
        }

        using var chatty = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
        });
        await chatty.Webex.People.GetMeAsync();
        await Eventually.Async(() => chatty.Output.Any(line => line.Contains(RequestLog)), "a logged request");
        await Eventually.Async(() => chatty.Output.Any(line => line.Contains(SqlLog)), "a logged SQL command");
    }

    [Fact]
    public async Task A_first_start_makes_the_data_directory_private_and_warns_of_nothing()
    {
        using (var server = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>()))
        {
            // The sign-in form's antiforgery token makes the first data-protection key.
            using var http = new HttpClient();
            (await http.GetAsync(new Uri(server.BaseAddress, "account/signin"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_dataDirectory, "keys")));
            await server.StopAsync();
            Assert.Contains(server.Output, line => line.Contains("Now listening on"));
            // Nothing for a newcomer to worry about: not the session keys stored in it, nor how migrations run.
            Assert.DoesNotContain(server.Output, line => line.StartsWith("warn:", StringComparison.Ordinal));
        }
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dataDirectory));

        // Opened up by hand, it is left as it is, with a warning at each start.
        File.SetUnixFileMode(_dataDirectory, File.GetUnixFileMode(_dataDirectory) | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        using var shared = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>());
        await shared.StopAsync();
        Assert.Contains(shared.Output, line => line.Contains($"chmod 700 {_dataDirectory}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_on_an_address_in_use_ends_saying_what_to_do_and_exits_with_1()
    {
        using var first = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>());

        var (exitCode, output) = await ServerProcess.RunToExitAsync(Path.Combine(_dataDirectory, "second"), first.BaseAddress);

        // Not an abort (134) with the exception unhandled, nor background services logging their cancellation as failures.
        Assert.Equal(1, exitCode);
        Assert.Contains("address already in use. Is another server running there? Choose another address with --urls.", output.Last(), StringComparison.Ordinal);
        Assert.DoesNotContain(output, line => line.StartsWith("Unhandled exception", StringComparison.Ordinal) || line.Contains("BackgroundService failed", StringComparison.Ordinal));
    }

    /// <summary>
    /// The data directory defaults to <c>./data</c>, under the content root whose appsettings files the server reloads
    /// when they change: a file-system watcher of that root would wake for every write to the database.
    /// </summary>
    [Fact]
    public async Task The_server_watches_no_directory_so_that_writes_to_its_data_directory_wake_nothing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var server = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>());
        var room = await server.Webex.Rooms.CreateAsync(new CreateRoomRequest { Title = "Unwatched" });
        await server.Webex.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = "written" });

        var fileDescriptors = $"/proc/{server.ProcessId}/fd";
        var watches = Directory.EnumerateFileSystemEntries(fileDescriptors)
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{server.ProcessId}/fdinfo/{Path.GetFileName(fd)}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
        Assert.Equal(0, watches);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
