using Parley.Core;

namespace Parley.Server.Hosting;

/// <summary>The <c>Parley</c> configuration section (environment variables <c>Parley__*</c>).</summary>
public sealed class ParleyOptions
{
    public const string Section = "Parley";

    /// <summary>Where the SQLite database and (unless <c>Files:BlobDirectory</c> says otherwise) file contents live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Scheme, host, port and path prefix in front of <c>/v1</c>, used for absolute URLs such as <c>Link</c>.</summary>
    public string? PublicBaseUrl { get; set; }

    public StorageOptions Storage { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public AccountOptions Accounts { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public MessageOptions Messages { get; set; } = new();

    public MessageFileOptions Files { get; set; } = new();

    /// <summary>Outgoing requests: webhook deliveries and files by URL.</summary>
    public TargetSecurityOptions Security { get; set; } = new();

    /// <summary>Registration rules; delivery settings are in <c>Parley:Webhooks:Delivery</c>.</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    public EventStreamOptions EventStream { get; set; } = new();
}

public sealed class EventStreamOptions
{
    /// <summary>A heartbeat frame is sent when nothing else was sent for this long.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox is checked for new events while a stream is idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c> (with <c>ConnectionStrings:Postgres</c>).</summary>
    public string Provider { get; set; } = "sqlite";
}

public sealed class RateLimitOptions
{
    /// <summary>Requests allowed per access token per window; 0 disables the limit.</summary>
    public int PermitLimit { get; set; } = 6000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
