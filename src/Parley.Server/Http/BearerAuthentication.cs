using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> and exposes the <see cref="Caller"/>.</summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
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

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        Caller caller;
        try
        {
            caller = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        }
        catch (UnauthorizedException)
        {
            return AuthenticateResult.Fail("Invalid token.");
        }
        Context.Items[CallerKey] = caller;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.PersonId.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WebexErrors.WriteAsync(Context, 401, WebexErrors.DefaultMessage(401));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WebexErrors.WriteAsync(Context, 403, WebexErrors.DefaultMessage(403));

    public static Caller CallerOf(HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new UnauthorizedException();
}

public static class CallerExtensions
{
    public static Caller Caller(this HttpContext context) => BearerAuthenticationHandler.CallerOf(context);
}
