using Microsoft.AspNetCore.Authorization;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>
/// Bearer tokens on the /v1 API. A route of a group marked with <see cref="RequireBearerToken"/>, unless it allows
/// anonymous callers, needs <c>Authorization: Bearer &lt;token&gt;</c> with a valid token (401 otherwise) and one of the
/// scopes its <see cref="ScopeRequirement"/> names (403 otherwise); its endpoint then reads the token's
/// <see cref="Caller"/>. One middleware rather than ASP.NET Core's authentication and authorization middleware and an
/// endpoint filter per route: no endpoint needs claims or policies, and building them for every request cost 3% of
/// the CPU of posting a message and 6% of listing messages (measured in pairs).
/// </summary>
public static class BearerAuthentication
{
    private const string CallerKey = "Parley.Caller";

    /// <summary>The token's secret, trimmed; null when the header is missing or not a bearer token.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (header.Length <= prefix.Length || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header[prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Every route of the group needs a valid bearer token, except those marked <c>AllowAnonymous</c>.</summary>
    public static RouteGroupBuilder RequireBearerToken(this RouteGroupBuilder group) => group.WithMetadata(new BearerTokenRequired());

    /// <summary>Checks the token and scopes of requests to routes that need a bearer token; runs after routing.</summary>
    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app)
    {
        var tokens = app.ApplicationServices.GetRequiredService<TokenService>();
        return app.Use(async (context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (metadata?.GetMetadata<BearerTokenRequired>() is null || metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                await next(context);
                return;
            }
            if (await AuthenticateAsync(context, tokens) is not { } caller)
            {
                await WebexErrors.WriteAsync(context, 401, WebexErrors.DefaultMessage(401));
                return;
            }
            if (metadata.GetMetadata<ScopeRequirement>() is { } requirement)
            {
                ScopeRequirementExtensions.Check(caller, requirement);
            }
            context.Items[CallerKey] = caller;
            await next(context);
        });
    }

    private static async Task<Caller?> AuthenticateAsync(HttpContext context, TokenService tokens)
    {
        if (TokenOf(context.Request) is not { } token)
        {
            return null;
        }
        try
        {
            return await tokens.AuthenticateAsync(token, context.RequestAborted);
        }
        catch (UnauthorizedException)
        {
            return null;
        }
    }

    /// <summary>The caller whose token the request carried; 401 on a route that does not need one.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new UnauthorizedException();

    private sealed class BearerTokenRequired;
}
