using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Parley.Server.Hosting;
using Parley.Server.Pages;

namespace Parley.Server.Http;

/// <summary>The cross-cutting HTTP concerns of the /v1 API, one extension each.</summary>
public static class HttpPipeline
{
    public const string CorsPolicy = "webex";
    public const string RateLimitPolicy = "per-token";

    /// <summary>
    /// The browser session cookie of the server's pages, with antiforgery on their forms (bearer tokens on the /v1
    /// API need no services: see <see cref="BearerAuthentication"/>).
    /// </summary>
    public static IServiceCollection AddSessionAuthentication(this IServiceCollection services, string dataDirectory)
    {
        // No default scheme: WebApplication runs the authentication middleware on every request once its services are
        // registered, and with the session cookie as the (automatic) default it ran the cookie handler on every /v1
        // request too (3.6% of its request-thread samples; without it, paired: create +3.7% requests/s, CPU per request
        // -3.5%). Pages authenticate the cookie themselves (Session.WithSession).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddSessionCookie();
        // Session and antiforgery cookies must survive a restart: keep the data-protection keys with the data.
        services.AddDataProtection()
            .SetApplicationName("Parley")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        return services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "parley.antiforgery");
    }

    /// <summary>Browser clients call cross-origin and must read <c>Link</c> and <c>TrackingID</c>.</summary>
    public static IServiceCollection AddWebexCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
            .WithExposedHeaders("Link", TrackingId.Header, "Retry-After", "Content-Disposition")));

    /// <summary>A fixed window of requests per access token (per client address without one); 429 with Retry-After beyond it.</summary>
    public static IServiceCollection AddPerTokenRateLimit(this IServiceCollection services, RateLimitOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            // Only used when the limit is on: see UsePerTokenRateLimit.
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var token = BearerAuthentication.TokenOf(context.Request);
                // Partition by a hash so the limiter never holds tokens themselves.
                var key = token is null
                    ? "ip:" + context.Connection.RemoteIpAddress
                    : "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 16);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : Math.Max(1, (int)Math.Ceiling(options.Window.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WebexErrors.WriteAsync(context.HttpContext, 429, WebexErrors.DefaultMessage(429));
            };
        });

    /// <summary>The rate limiter, unless the limit is off (a permit limit of 0), when it would only add work to every request.</summary>
    public static IApplicationBuilder UsePerTokenRateLimit(this IApplicationBuilder app, RateLimitOptions options) =>
        options.PermitLimit > 0 ? app.UseRateLimiter() : app;

    /// <summary>Puts the group's routes under the per-token limit when the limit is on.</summary>
    public static RouteGroupBuilder RequirePerTokenRateLimit(this RouteGroupBuilder group, RateLimitOptions options) =>
        options.PermitLimit > 0 ? group.RequireRateLimiting(RateLimitPolicy) : group;

    /// <summary><c>/v1/rooms/</c> and <c>/v1/rooms</c> are the same resource (the JS SDK sends the former).</summary>
    public static IApplicationBuilder UseTrailingSlashTolerance(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is { Length: > 1 } && path.EndsWith('/'))
            {
                context.Request.Path = path.TrimEnd('/');
            }
            return next(context);
        });
}
