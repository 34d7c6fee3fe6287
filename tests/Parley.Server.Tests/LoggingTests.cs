namespace Parley.Server.Tests;

/// <summary>What the server writes to its console when run as the README says, without any logging settings.</summary>
public sealed class LoggingTests : IDisposable
{
    private const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string SqlLog = "Microsoft.EntityFrameworkCore.Database.Command";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "parley-logging", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task By_default_neither_requests_nor_sql_commands_are_logged_and_logging_settings_turn_them_on()
    {
        using (var quiet = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>()))
        {
            await quiet.Webex.People.GetMeAsync();
            await Eventually.Async(() => quiet.Output.Any(line => line.Contains("Now listening on")), "the startup lines");
            Assert.DoesNotContain(quiet.Output, line => line.Contains(RequestLog) || line.Contains(SqlLog));
        }

        using var chatty = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
        });
        await chatty.Webex.People.GetMeAsync();
        await Eventually.Async(() => chatty.Output.Any(line => line.Contains(RequestLog)), "a logged request");
        await Eventually.Async(() => chatty.Output.Any(line => line.Contains(SqlLog)), "a logged SQL command");
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
