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

    private ServerProcess(Process process, ConcurrentQueue<string> output, WebexClient webex, Uri baseAddress)
    {
        _process = process;
        _output = output;
        Webex = webex;
        BaseAddress = baseAddress;
    }

    public WebexClient Webex { get; }

    /// <summary>The server's root, in front of <c>/v1</c> and the pages.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's process ID.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the process has written so far, standard output and error, a line each.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the server on a data directory, with the given environment variables added to its own.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var (process, output) = Launch(dataDirectory, environment, $"http://127.0.0.1:{port}");
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var webex = new WebexClient(new WebexClientOptions { BaseAddress = new Uri(baseAddress, "v1/"), AccessToken = ParleyServer.AdminToken });
        // Up to a minute: a loaded machine starts .NET slowly.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                await webex.People.GetMeAsync();
                return new ServerProcess(process, output, webex, baseAddress);
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The server process did not start.");
    }

    /// <summary>Runs the server on an address until it exits by itself, as it does when it cannot start; its exit code and output.</summary>
    public static async Task<(int ExitCode, IReadOnlyCollection<string> Output)> RunToExitAsync(string dataDirectory, Uri address)
    {
        var (process, output) = Launch(dataDirectory, new Dictionary<string, string>(), address.GetLeftPart(UriPartial.Authority));
        using (process)
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            return (process.ExitCode, output);
        }
    }

    private static (Process Process, ConcurrentQueue<string> Output) Launch(string dataDirectory, IReadOnlyDictionary<string, string> environment, string urls)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll"), "--urls", urls])
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
        return (process, output);
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

    /// <summary>Stops the server as a service manager or Ctrl+C would (SIGTERM), and waits until its output is complete.</summary>
    public async Task StopAsync()
    {
        using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
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
