using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Sdk;

namespace Parley.Server.Tests;

/// <summary>The published server started as its own process, as an operator would run it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, ConcurrentQueue<string> output, WebexClient webex)
    {
        _process = process;
        _output = output;
        Webex = webex;
    }

    public WebexClient Webex { get; }

    /// <summary>What the process has written so far, standard output and error, a line each.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the server on a data directory, with the given environment variables added to its own.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment)
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
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var webex = new WebexClient(new WebexClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"), AccessToken = ParleyServer.AdminToken });
        // Up to a minute: a loaded machine starts .NET slowly.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                await webex.People.GetMeAsync();
                return new ServerProcess(process, output, webex);
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The server process did not start.");
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
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
