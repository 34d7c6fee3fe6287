using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;

namespace Parley.Webhooks;

public static class WebhookDeliveryServices
{
    /// <summary>Delivery options, the HTTP client (guarded by the registered <see cref="TargetGuard"/>) and the background delivery worker.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        if (options.Timeout <= TimeSpan.Zero || options.MaxConcurrency <= 0 || options.ConcurrencyPerTarget <= 0 || options.PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{DeliveryOptions.Section}: Timeout, MaxConcurrency, ConcurrencyPerTarget and PollInterval must be positive.");
        }
        services.AddSingleton(options);
        services.AddHttpClient(DeliveryWorker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                // Redirects are not followed (50 §6.4): a 3xx is a failed attempt.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = services.GetRequiredService<TargetGuard>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddHostedService<DeliveryWorker>();
        return services;
    }
}
