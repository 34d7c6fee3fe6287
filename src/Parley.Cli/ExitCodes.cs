using System.Net;
using Parley.Sdk;

namespace Parley.Cli;

/// <summary>The process exit codes; they are part of the CLI's contract (see the root help and the README).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int ApiError = 1;
    public const int Usage = 2;
    public const int NotLoggedIn = 3;
    public const int NotFound = 4;
    public const int Interrupted = 130;

    public const string Help = """
        Exit codes: 0 ok; 1 API or network error (message and trackingId on stderr); 2 usage error;
        3 not logged in, or the token was refused (401); 4 not found (404); 130 interrupted (Ctrl+C).
        Environment: WEBEX_ACCESS_TOKEN and PARLEY_BASE_URL override the saved login.
        """;

    public static int Of(WebexApiException exception) => exception.StatusCode switch
    {
        HttpStatusCode.Unauthorized => NotLoggedIn,
        HttpStatusCode.NotFound => NotFound,
        _ => ApiError,
    };
}

/// <summary>A failure that ends the command with a message and a chosen exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
