namespace Parley.Sdk;

/// <summary>Settings of a <see cref="WebexClient"/>: where to connect, which token to use and how to treat rate limits.</summary>
public sealed class WebexClientOptions
{
    /// <summary>The environment variable read when <see cref="AccessToken"/> is not set.</summary>
    public const string AccessTokenVariable = "WEBEX_ACCESS_TOKEN";

    /// <summary>Webex's public API root, the default <see cref="BaseAddress"/>.</summary>
    public static Uri WebexBaseAddress { get; } = new("https://webexapis.com/v1/");

    /// <summary>The bearer token; when null, <c>WEBEX_ACCESS_TOKEN</c> is read at client construction.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The API root including <c>/v1/</c>, for example <c>https://chat.example.com/v1/</c> for a Parley server.</summary>
    public Uri BaseAddress { get; set; } = WebexBaseAddress;

    /// <summary>How many times a request answered with 429 is sent again after waiting for <c>Retry-After</c>; 0 disables retrying.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>The wait used when a 429 carries no usable <c>Retry-After</c> (missing, malformed or not positive).</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait honoured for one 429; longer <c>Retry-After</c> values are shortened to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of one HTTP request of a client created without an <see cref="HttpClient"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
