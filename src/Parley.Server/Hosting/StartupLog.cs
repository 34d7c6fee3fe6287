namespace Parley.Server.Hosting;

/// <summary>What the server says when it cannot start.</summary>
public static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason} Is another server running there? Choose another address with --urls.")]
    public static partial void LogAddressInUse(this ILogger logger, string reason);
}
