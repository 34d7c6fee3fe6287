using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Sdk.Tests;

/// <summary>A Parley server that hands out SDK clients; every client's HTTP traffic is recorded for wire assertions.</summary>
public class SdkServer : ParleyServer, IAsyncLifetime
{
    public SdkServer()
    {
    }

    protected SdkServer(IReadOnlyDictionary<string, string?> settings)
        : base(settings)
    {
    }

    public Uri ApiRoot => new(BaseAddress, "/v1/");

    /// <summary>A client built the way applications build one: <c>AddWebexClient</c> on <c>IHttpClientFactory</c>.</summary>
    public (WebexClient Client, RecordingHandler Traffic) Client(string token, Action<WebexClientOptions>? configure = null)
    {
        var traffic = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddWebexClient(options =>
        {
            options.AccessToken = token;
            options.BaseAddress = ApiRoot;
            configure?.Invoke(options);
        }).AddHttpMessageHandler(() => traffic);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return (provider.GetRequiredService<WebexClient>(), traffic);
    }

    public async Task<(WebexClient Client, TestUser User, RecordingHandler Traffic)> NewUserAsync(string? name = null)
    {
        var user = await CreateUserAsync(name);
        var (client, traffic) = Client(user.Token);
        return (client, user, traffic);
    }

    public WebexClient AdminClient() => Client(AdminToken).Client;

    private readonly ConcurrentBag<ServiceProvider> _providers = [];

    // ParleyServer.DisposeAsync is not virtual; re-implementing IAsyncLifetime routes xunit here first.
    public new async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}

/// <summary>A server whose per-token limit is a few requests per two seconds, so 429s come quickly and pass quickly.</summary>
public sealed class RateLimitedServer() : SdkServer(new Dictionary<string, string?>
{
    ["Parley:RateLimit:PermitLimit"] = "3",
    ["Parley:RateLimit:Window"] = "00:00:02",
});

/// <summary>A server that delivers webhooks to loopback receivers at once, and whose event stream polls quickly and heartbeats often.</summary>
public sealed class WebhookSdkServer() : SdkServer(new Dictionary<string, string?>
{
    ["Parley:Security:AllowPrivateNetworkTargets"] = "true",
    ["Parley:Webhooks:Delivery:PollInterval"] = "00:00:00.020",
    ["Parley:EventStream:HeartbeatInterval"] = "00:00:00.200",
    ["Parley:EventStream:PollInterval"] = "00:00:00.020",
});

/// <summary>One request and its answer as they crossed the wire.</summary>
public sealed record Exchange(HttpMethod Method, Uri Url, string? Authorization, string? RequestContentType, string? RequestBody, int Status, string? Link, string? RetryAfter, string ResponseBody);

/// <summary>Records every attempt (it sits inside the retry handler, so a retried 429 shows up as two exchanges).</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    public void Clear() => _exchanges.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        _exchanges.Enqueue(new Exchange(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            requestBody,
            (int)response.StatusCode,
            response.Headers.TryGetValues("Link", out var link) ? string.Join(", ", link) : null,
            response.Headers.TryGetValues("Retry-After", out var retry) ? string.Join(", ", retry) : null,
            body));
        return response;
    }
}
