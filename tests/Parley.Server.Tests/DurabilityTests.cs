using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "parley-durability", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Acknowledged_writes_survive_a_killed_process()
    {
        var acknowledged = new ConcurrentBag<string>();
        using (var server = await ServerProcess.StartAsync(_dataDirectory))
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

        using var restarted = await ServerProcess.StartAsync(_dataDirectory);
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

    /// <summary>The published server started as its own process, as an operator would run it.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, WebexClient webex)
        {
            _process = process;
            Webex = webex;
        }

        public WebexClient Webex { get; }

        public static async Task<ServerProcess> StartAsync(string dataDirectory)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Parley__DataDirectory"] = dataDirectory;
            start.Environment["Parley__Bootstrap__AdminToken"] = ParleyServer.AdminToken;
            start.Environment["Parley__RateLimit__PermitLimit"] = "0";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var webex = new WebexClient(new WebexClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"), AccessToken = ParleyServer.AdminToken });
            // Up to a minute: a loaded machine starts .NET slowly.
            for (var attempt = 0; attempt < 300; attempt++)
            {
                try
                {
                    await webex.People.GetMeAsync();
                    return new ServerProcess(process, webex);
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(200);
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server process did not start.");
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }
            _process.Dispose();
            Webex.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
