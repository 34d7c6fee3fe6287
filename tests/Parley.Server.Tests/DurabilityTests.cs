using System.Collections.Concurrent;
using Parley.Contracts;
using Parley.Sdk;

namespace Parley.Server.Tests;

/// <summary>
/// A 200 means the write is on disk: the real server process is killed (SIGKILL, no shutdown) while writes are in
/// flight, restarted on the same data directory, and every acknowledged write must still be there. Driven through
/// Parley.Sdk: what is tested is storage, not the wire.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private static readonly Dictionary<string, string> QuietLogs = new() { ["Logging__LogLevel__Default"] = "Warning" };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "parley-durability", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Acknowledged_writes_survive_a_killed_process()
    {
        var acknowledged = new ConcurrentBag<string>();
        using (var server = await ServerProcess.StartAsync(_dataDirectory, QuietLogs))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var created = await server.Webex.People.CreateAsync(
                            new CreatePersonRequest { Emails = [$"durable-{w}-{i}@example.com"], DisplayName = $"Durable {w}-{i}" });
                        acknowledged.Add(created.Id);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();
            while (acknowledged.Count < 200)
            {
                await Task.Delay(10);
            }
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        using var restarted = await ServerProcess.StartAsync(_dataDirectory, QuietLogs);
        foreach (var id in acknowledged)
        {
            var person = await restarted.Webex.People.GetAsync(id);
            Assert.Equal(id, person.Id);
        }
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
