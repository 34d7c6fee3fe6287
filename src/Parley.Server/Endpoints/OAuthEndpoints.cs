using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;
using Parley.Server.Pages;
using static Parley.Server.Pages.Html;

namespace Parley.Server.Endpoints;

/// <summary>OAuth 2.0 for integrations (60 §3) and the authorizations API (60 §7).</summary>
public static class OAuthEndpoints
{
    public static RouteGroupBuilder MapOAuth(this RouteGroupBuilder v1)
    {
        // Browser- and client-facing protocol endpoints: no bearer token.
        // The consent page is a page of the signed-in person's session.
        v1.MapGet("/authorize", Authorize).AllowAnonymous().WithSession().WithTags("OAuth");
        v1.MapPost("/authorize", Consent).AllowAnonymous().WithSession().WithTags("OAuth");
        v1.MapPost("/access_token", AccessToken).AllowAnonymous().WithTags("OAuth");
        v1.MapPost("/revoke", Revoke).AllowAnonymous().WithTags("OAuth");

        var authorizations = v1.MapGroup("/authorizations").WithTags("Authorizations");
        authorizations.MapGet("", List).RequireAnyScope();
        authorizations.MapGet("/tokenExpiry", TokenExpiry).RequireAnyScope();
        authorizations.MapDelete("/{authorizationId}", Delete).RequireAnyScope();
        authorizations.MapDelete("", DeleteForClient).RequireAnyScope();
        return v1;
    }

    private static AuthorizeRequest AuthorizeRequestOf(Func<string, string?> value) => new(
        value("response_type"), value("client_id"), value("redirect_uri"), value("scope"), value("state"),
        value("code_challenge"), value("code_challenge_method"));

    /// <summary>
    /// Validates an authorization request (the consent page and its form post alike): an unknown client or redirect
    /// URI is an error page; any later problem goes back to the redirect URI.
    /// </summary>
    private static async Task<(AuthorizeRequest Request, AuthorizeCheck Check, IResult? Failure)> CheckAsync(OAuthService oauth, Func<string, string?> value)
    {
        var request = AuthorizeRequestOf(value);
        var check = await oauth.CheckAuthorizeAsync(request);
        IResult? failure = check switch
        {
            { PageError: { } pageError } => Page("Authorization failed", $"<p class=\"error\">{E(pageError)}</p>", 400),
            { RedirectError: { } error } => RedirectWith(request, ("error", error.Error), ("error_description", error.Description)),
            _ => null,
        };
        return (request, check, failure);
    }

    private static async Task<IResult> Authorize(HttpContext context, OAuthService oauth)
    {
        var (request, check, failure) = await CheckAsync(oauth, name => context.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null);
        if (failure is not null)
        {
            return failure;
        }
        var person = await Session.PersonAsync(context);
        if (person is null)
        {
            return Session.Challenge(context);
        }
        var integration = check.Integration!;
        var scopes = string.Concat(check.Scopes.Select(s => $"<li>{E(Scopes.Describe(s))} <small>({E(s)})</small></li>"));
        var hidden = string.Concat(new (string Name, string? Value)[]
            {
                ("response_type", request.ResponseType), ("client_id", request.ClientId), ("redirect_uri", request.RedirectUri),
                ("scope", request.Scope), ("state", request.State), ("code_challenge", request.CodeChallenge),
                ("code_challenge_method", request.CodeChallengeMethod),
            }
            .Where(f => f.Value is not null)
            .Select(f => $"<input type=\"hidden\" name=\"{f.Name}\" value=\"{E(f.Value)}\">"));
        var icon = integration.IconUrl is null ? "" : $"<img src=\"{E(integration.IconUrl)}\" alt=\"\" width=\"64\" height=\"64\">";
        return Page($"Authorize {integration.Name}", $"""
            {icon}
            <p>Signed in as {E(person.DisplayName)} ({E(person.Email)}).</p>
            <p><strong>{E(integration.Name)}</strong> would like to:</p>
            <ul id="scopes">{scopes}</ul>
            {(integration.Description is null ? "" : $"<p>{E(integration.Description)}</p>")}
            <form method="post" action="/v1/authorize">
            {Antiforgery(context)}{hidden}
            <button type="submit" name="decision" value="approve">Accept</button>
            <button type="submit" name="decision" value="deny">Decline</button>
            </form>
            """);
    }

    private static async Task<IResult> Consent(HttpContext context, OAuthService oauth)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        var (request, check, failure) = await CheckAsync(oauth, name => form.TryGetValue(name, out var v) ? v.ToString() : null);
        if (failure is not null)
        {
            return failure;
        }
        var person = await Session.PersonAsync(context);
        if (person is null)
        {
            return Results.Redirect("/account/signin");
        }
        if (form["decision"] != "approve")
        {
            return RedirectWith(request, ("error", "access_denied"), ("error_description", "The user declined."));
        }
        var code = await oauth.IssueCodeAsync(person.Id, check.Integration!, request, check.Scopes);
        return RedirectWith(request, ("code", code));
    }

    /// <summary>Back to the (already validated) redirect URI with the parameters and the state echoed unchanged.</summary>
    private static IResult RedirectWith(AuthorizeRequest request, params (string Name, string Value)[] parameters)
    {
        var query = parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)).ToList();
        if (request.State is not null)
        {
            query.Add(new("state", request.State));
        }
        return Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri!, query));
    }

    private static async Task<IResult> AccessToken(HttpContext context, OAuthService oauth)
    {
        var fields = await ReadFieldsAsync(context.Request);
        var (clientId, clientSecret) = ClientCredentials(context.Request, fields);
        var result = await oauth.TokenAsync(new TokenRequest(
            Field(fields, "grant_type"), clientId, clientSecret, Field(fields, "code"), Field(fields, "redirect_uri"),
            Field(fields, "code_verifier"), Field(fields, "refresh_token")));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (result.Error is { } error)
        {
            return new OAuthErrorResult(error);
        }
        return WebexResults.Ok(result.Response!);
    }

    private static async Task<IResult> Revoke(HttpContext context, OAuthService oauth)
    {
        var fields = await ReadFieldsAsync(context.Request);
        var (clientId, clientSecret) = ClientCredentials(context.Request, fields);
        var error = await oauth.RevokeTokenAsync(clientId, clientSecret, Field(fields, "token"));
        context.Response.Headers.CacheControl = "no-store";
        return error is null ? WebexResults.Ok(new EmptyObject()) : new OAuthErrorResult(error);
    }

    /// <summary>Form fields (Webex's wire) or, as a courtesy, a flat JSON object of strings.</summary>
    private static async Task<Dictionary<string, string>> ReadFieldsAsync(HttpRequest request)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(request.HttpContext.RequestAborted))
            {
                fields[key] = value.ToString();
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    fields[property.Name] = property.Value.GetString()!;
                }
            }
        }
        return fields;
    }

    private static string? Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>HTTP Basic (RFC 6749 §2.3.1, form-encoded then base64) when present, else the body fields.</summary>
    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, Dictionary<string, string> fields)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':');
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
                }
            }
            catch (FormatException)
            {
            }
            return (null, null);
        }
        return (Field(fields, "client_id"), Field(fields, "client_secret"));
    }

    /// <summary>OAuth's error fields and the Webex envelope in one body (60 §3.3).</summary>
    private sealed class OAuthErrorResult(OAuthError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = error.Status;
            response.Headers.CacheControl = "no-store";
            response.Headers[TrackingId.Header] = TrackingId.Of(httpContext);
            if (error.Status == 401)
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"parley\"";
            }
            var body = new OAuthErrorBody(error.Error, error.Description, error.Description, [new ErrorDescription(error.Description)], TrackingId.Of(httpContext));
            return WebexResults.WriteJsonAsync(response, body, WireContext.Default.OAuthErrorBody);
        }
    }

    private static async Task<IResult> List(HttpContext context, OAuthService oauth)
    {
        var q = context.Request;
        var items = await oauth.ListAsync(context.Caller(), q.String("personId"), q.String("personEmail"));
        return WebexResults.Ok(new ItemList<Parley.Contracts.Authorization>(items));
    }

    private static async Task<IResult> TokenExpiry(HttpContext context, TokenService tokens)
    {
        var expires = await tokens.ExpiryAsync(BearerAuthentication.TokenOf(context.Request)!, context.RequestAborted);
        return WebexResults.Ok(new TokenExpiry(expires is { } e ? new DateTimeOffset(e).ToUnixTimeMilliseconds() : null));
    }

    private static async Task<IResult> Delete(string authorizationId, HttpContext context, OAuthService oauth)
    {
        await oauth.RevokeAsync(context.Caller(), authorizationId);
        return WebexResults.NoContent();
    }

    private static async Task<IResult> DeleteForClient(HttpContext context, OAuthService oauth)
    {
        var q = context.Request;
        await oauth.RevokeClientAsync(context.Caller(), q.String("clientId"), q.String("orgId"));
        return WebexResults.NoContent();
    }
}
