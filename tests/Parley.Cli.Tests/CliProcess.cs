using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Parley.Cli.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("stdout was JSON null");
}

/// <summary>
/// Runs the built <c>parley</c> as a separate process, as a user does, with its own empty home and configuration
/// directories and none of the caller's Webex or Parley environment variables.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly string _dll = Path.GetFullPath(typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ParleyCli").Value!.Replace('\\', Path.DirectorySeparatorChar));

    private readonly string _home = Path.Combine(Path.GetTempPath(), "parley-cli-tests", Guid.NewGuid().ToString("N"));

    public CliProcess() => Directory.CreateDirectory(_home);

    public string ConfigFile => Path.Combine(_home, "config", "parley", "config.json");

    public Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _home,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(_dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = _home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, "config");
        start.Environment.Remove("WEBEX_ACCESS_TOKEN");
        start.Environment.Remove("PARLEY_BASE_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    public async Task<CliResult> RunAsync(IReadOnlyList<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        var ct = TestContext.Current.CancellationToken;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bound.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Logs in as the token's owner and fails the test if that does not work.</summary>
    public async Task LoginAsync(Uri server, string token)
    {
        var result = await RunAsync(["login", "--base-url", server.AbsoluteUri], stdin: token + "\n");
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
