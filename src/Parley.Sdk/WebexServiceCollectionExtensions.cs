using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Parley.Sdk;
using Parley.Sdk.Internal;

// In the DI namespace, as Microsoft's own AddX() methods are, so that no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="WebexClient"/> on <c>IHttpClientFactory</c>.</summary>
public static class WebexServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client (and of its options) registered by <see cref="AddWebexClient"/>.</summary>
    public const string HttpClientName = "Parley.Sdk.WebexClient";

    /// <summary>
    /// Registers <see cref="WebexClient"/> as a typed client of <c>IHttpClientFactory</c>, with the 429 retry
    /// as a resilience handler. Returns the HTTP client builder so that handlers can be added or replaced.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets base address, token and rate-limit behaviour; the token falls back to <c>WEBEX_ACCESS_TOKEN</c>.</param>
    public static IHttpClientBuilder AddWebexClient(this IServiceCollection services, Action<WebexClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebexClientOptions>(HttpClientName);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        var builder = services.AddHttpClient(HttpClientName);
        builder.ConfigureHttpClient(static (provider, http) =>
            http.Timeout = provider.GetRequiredService<IOptionsMonitor<WebexClientOptions>>().Get(HttpClientName).Timeout);
        builder.AddResilienceHandler("webex-rate-limit", static (pipeline, context) =>
            RateLimitRetry.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptionsMonitor<WebexClientOptions>>().Get(HttpClientName)));
        builder.AddTypedClient(static (http, provider) =>
            new WebexClient(http, provider.GetRequiredService<IOptionsMonitor<WebexClientOptions>>().Get(HttpClientName)));
        return builder;
    }
}
