using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Webhooks;

public static class WebhookDeliveryServices
{
    /// <summary>Delivery options, the guarded HTTP client and the background delivery worker.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        if (options.Timeout <= TimeSpan.Zero || options.MaxConcurrency <= 0 || options.ConcurrencyPerTarget <= 0 || options.PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{DeliveryOptions.Section}: Timeout, MaxConcurrency, ConcurrencyPerTarget and PollInterval must be positive.");
        }
        services.AddSingleton(options);
        var security = configuration.GetSection(TargetSecurityOptions.Section).Get<TargetSecurityOptions>() ?? new TargetSecurityOptions();
        var guard = new TargetGuard(security);
        services.AddSingleton(guard);
        services.AddHttpClient(DeliveryWorker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Redirects are not followed (50 §6.4): a 3xx is a failed attempt.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = guard.ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddHostedService<DeliveryWorker>();
        return services;
    }
}
