using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Parley.Core;

namespace Parley.Server.Pages;

/// <summary>Server-rendered pages: plain HTML with every value encoded, no scripts beyond copy-to-clipboard.</summary>
public static class Html
{
    /// <summary>Encodes text for element content and quoted attribute values.</summary>
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static IResult Page(string title, string body, int status = 200) => new PageResult(title, body, status);

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>Reads a posted form after checking its antiforgery token; null when the check fails.</summary>
    public static async Task<IFormCollection?> ReadVerifiedFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    public static IResult BadForm() =>
        Page("Request rejected", "<p>The form expired or did not come from this site. Go back, reload the page and try again.</p>", 400);

    /// <summary>A read-only field holding a secret shown once, with a copy button.</summary>
    public static string Secret(string id, string label, string value) => $"""
        <p><label for="{E(id)}">{E(label)}</label><br>
        <input id="{E(id)}" class="secret" readonly size="80" value="{E(value)}">
        <button type="button" onclick="navigator.clipboard.writeText(document.getElementById('{E(id)}').value)">Copy</button></p>
        """;

    private sealed class PageResult(string title, string body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            // Pages are never framed (clickjacking on consent) and load nothing from elsewhere but images.
            response.Headers.XFrameOptions = "DENY";
            response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src * data:; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            return response.WriteAsync($$"""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{E(title)}} · Parley</title>
                <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}.error{color:#b00020}input.secret{font-family:monospace}nav a{margin-right:1rem}</style></head>
                <body>
                <h1>{{E(title)}}</h1>
                {{body}}
                </body>
                </html>
                """, httpContext.RequestAborted);
        }
    }
}

/// <summary>The browser session of a signed-in person: a data-protected cookie holding only the person's ID.</summary>
public static class Session
{
    public const string Scheme = "ParleySession";

    public static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder auth) =>
        auth.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "parley.session";
            cookie.Cookie.HttpOnly = true;
            // Lax: the consent page is reached by a top-level navigation from the integration's site.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/account/signin";
        });

    /// <summary>
    /// Makes the session's person the request's user before a page's handler runs, as the authentication middleware
    /// would with a default scheme (there is none): the handler reads it, and its forms' antiforgery tokens are bound to it.
    /// </summary>
    public static TBuilder WithSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if ((await context.AuthenticateAsync(Scheme)).Principal is { } user)
            {
                context.User = user;
            }
            return await next(invocation);
        });

    /// <summary>The signed-in person, or null; a person deleted or barred from sign-in since counts as signed out.</summary>
    public static async Task<Person?> PersonAsync(HttpContext context)
    {
        if (!Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }
        var person = await context.RequestServices.GetRequiredService<AccountService>().GetPersonAsync(id);
        return person is { LoginEnabled: true, Type: PersonType.Person } ? person : null;
    }

    public static Task SignInAsync(HttpContext context, Guid personId) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, personId.ToString())], Scheme)));

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>Redirect to sign-in, coming back here afterwards.</summary>
    public static IResult Challenge(HttpContext context) =>
        Results.Redirect("/account/signin?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));

    /// <summary>Only local paths are followed after sign-in (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/account";
}
