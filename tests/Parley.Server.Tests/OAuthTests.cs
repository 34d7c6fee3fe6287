using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;

namespace Parley.Server.Tests;

/// <summary>
/// OAuth 2.0 integrations (60 §3, §7) driven as a real integration and a real browser would: register on the page,
/// send the person to /v1/authorize, sign in, consent, follow the redirect, exchange the code, call the API,
/// refresh, revoke; and every way that can fail.
/// </summary>
public sealed class OAuthTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private const string Password = "correct horse battery";
    private const string RedirectUri = "https://app.example/callback";

    /// <summary>A person with a password, signed in in a browser.</summary>
    private async Task<(TestUser User, Browser Browser)> SignedInUserAsync(string name)
    {
        var user = await server.CreateUserAsync(name);
        await server.SetPasswordAsync(user.Email, Password);
        var browser = server.Browser();
        Assert.Equal("/account", (await browser.SignInAsync(user.Email, Password))!.OriginalString);
        return (user, browser);
    }

    /// <summary>Registers an integration through the registration page; returns its client ID and secret.</summary>
    private static async Task<(string ClientId, string Secret)> RegisterAsync(Browser browser, string scopes = "spark:people_read spark:rooms_read spark:messages_write spark:teams_read")
    {
        await browser.GetAsync("/account/integrations");
        var fields = new List<(string, string)> { ("name", "Test app <b>"), ("redirectUris", RedirectUri + "\nhttp://127.0.0.1:9/cb"), ("description", "An app") };
        fields.AddRange(scopes.Split(' ').Select(s => ("scope", s)));
        var (response, html) = await browser.PostFormAsync("/account/integrations", [.. fields]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Test app &lt;b&gt;", html, StringComparison.Ordinal);
        var secret = Browser.InputValue(html, "secret");
        var clientId = System.Text.RegularExpressions.Regex.Match(html, "client ID <code>(C[0-9a-f]{64})</code>").Groups[1].Value;
        Assert.StartsWith("C", clientId, StringComparison.Ordinal);
        return (clientId, secret);
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (verifier, System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string AuthorizeUrl(string clientId, string scope = "spark:people_read spark:rooms_read spark:messages_write", string redirectUri = RedirectUri,
        string? challenge = null, string state = "st@te/1 2", string responseType = "code")
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = responseType, ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["scope"] = scope, ["state"] = state,
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }
        return QueryHelpers.AddQueryString("/v1/authorize", query);
    }

    /// <summary>Consent in a signed-in browser; returns the redirect's query.</summary>
    private static async Task<Dictionary<string, string>> ConsentAsync(Browser browser, string authorizeUrl, string decision = "approve")
    {
        var (page, html) = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<ul id=\"scopes\">", html, StringComparison.Ordinal);
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">")
            .Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).Append(("decision", decision)).ToArray();
        var (response, _) = await browser.PostFormAsync("/v1/authorize", fields);
        return RedirectQuery(response);
    }

    private static Dictionary<string, string> RedirectQuery(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.OriginalString, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private async Task<(HttpResponseMessage Response, JsonNode? Body)> TokenAsync(params (string Name, string Value)[] fields) =>
        await TokenAsync(null, fields);

    private async Task<(HttpResponseMessage Response, JsonNode? Body)> TokenAsync(AuthenticationHeaderValue? basic, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Authorization = basic;
        var response = await server.Anonymous().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonNode.Parse(text));
    }

    private static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));

    private static void AssertOAuthError((HttpResponseMessage Response, JsonNode? Body) result, int status, string error)
    {
        Assert.Equal(status, (int)result.Response.StatusCode);
        Assert.Equal(error, result.Body!["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(result.Body["error_description"]!.GetValue<string>()));
        Assert.Equal(result.Body["error_description"]!.GetValue<string>(), result.Body["message"]!.GetValue<string>());
        Assert.NotEmpty(result.Body["errors"]!.AsArray());
        Assert.Equal(result.Response.Headers.GetValues("TrackingID").Single(), result.Body["trackingId"]!.GetValue<string>());
        Assert.Equal("no-store", result.Response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_whole_dance_works_as_a_real_integration_runs_it()
    {
        var (user, browser) = await SignedInUserAsync("Dancer");
        var (clientId, secret) = await RegisterAsync(browser);
        await browser.PostFormAsync("/account/signout");

        // The integration sends a signed-out browser to /v1/authorize: sign in first, then come back.
        var (verifier, challenge) = Pkce();
        var authorize = AuthorizeUrl(clientId, challenge: challenge);
        var (first, _) = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/signin?returnUrl=", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var back = await browser.SignInAsync(user.Email, Password, authorize);
        Assert.Equal(authorize, back!.OriginalString);

        var (page, html) = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("List the titles of rooms that you are in", html, StringComparison.Ordinal);
        Assert.Contains("Post and delete messages on your behalf", html, StringComparison.Ordinal);
        Assert.DoesNotContain("List the teams you are a member of", html, StringComparison.Ordinal);
        var redirect = await ConsentAsync(browser, authorize);
        Assert.Equal("st@te/1 2", redirect["state"]);

        // Code exchange with HTTP Basic client authentication, as the JS SDK does.
        var exchanged = await TokenAsync(Basic(clientId, secret),
            ("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", RedirectUri), ("code_verifier", verifier));
        Assert.Equal(HttpStatusCode.OK, exchanged.Response.StatusCode);
        Assert.Equal("application/json;charset=UTF-8", exchanged.Response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
        Assert.Equal("no-store", exchanged.Response.Headers.CacheControl!.ToString());
        var body = exchanged.Body!;
        Assert.Equal(1209600, body["expires_in"]!.GetValue<long>());
        Assert.Equal(7776000, body["refresh_token_expires_in"]!.GetValue<long>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        var access = body["access_token"]!.GetValue<string>();
        var refresh = body["refresh_token"]!.GetValue<string>();
        Assert.Equal(3, access.Split('_').Length);

        // The token acts as the person, within the granted scopes.
        var api = server.ClientWithToken(access);
        var me = await api.GetJsonAsync("/v1/people/me");
        Assert.Equal(HttpStatusCode.OK, me.Response.StatusCode);
        Assert.Equal(user.Id, me.Body!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetJsonAsync("/v1/rooms")).Response.StatusCode);
        var teams = await api.GetJsonAsync("/v1/teams");
        teams.AssertWebexError(403);
        Assert.Contains(Scopes.TeamsRead, teams.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var expiry = await api.GetJsonAsync("/v1/authorizations/tokenExpiry");
        var exp = DateTimeOffset.FromUnixTimeMilliseconds(expiry.Body!["exp"]!.GetValue<long>());
        Assert.InRange(exp, DateTimeOffset.UtcNow.AddDays(14).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(14).AddMinutes(1));

        // Refresh with credentials in the body: a new access token every time, the same refresh token.
        var refreshed = await TokenAsync(("grant_type", "refresh_token"), ("client_id", clientId), ("client_secret", secret), ("refresh_token", refresh));
        Assert.Equal(HttpStatusCode.OK, refreshed.Response.StatusCode);
        var access2 = refreshed.Body!["access_token"]!.GetValue<string>();
        Assert.NotEqual(access, access2);
        Assert.Equal(refresh, refreshed.Body["refresh_token"]!.GetValue<string>());
        Assert.Equal(7776000, refreshed.Body["refresh_token_expires_in"]!.GetValue<long>());
        var refreshedAgain = await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", refresh));
        Assert.NotEqual(access2, refreshedAgain.Body!["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetJsonAsync("/v1/rooms")).Response.StatusCode);

        // The person lists the grant and revokes it: every token of it stops at once, refresh included.
        var list = await user.Client.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id));
        var item = Assert.Single(list.Body!["items"]!.AsArray())!;
        Assert.Equal(clientId, item["clientId"]!.GetValue<string>());
        Assert.Equal("Test app <b>", item["applicationName"]!.GetValue<string>());
        Assert.Equal(user.Id, item["personId"]!.GetValue<string>());
        var delete = await user.Client.DeleteJsonAsync("/v1/authorizations/" + item["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, delete.Response.StatusCode);
        (await api.GetJsonAsync("/v1/rooms")).AssertWebexError(401);
        (await server.ClientWithToken(access2).GetJsonAsync("/v1/rooms")).AssertWebexError(401);
        AssertOAuthError(await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", refresh)), 400, "invalid_grant");
        Assert.Empty((await user.Client.GetJsonAsync("/v1/authorizations?personEmail=" + Uri.EscapeDataString(user.Email))).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Authorize_refuses_unknown_clients_and_unregistered_redirect_uris_without_redirecting()
    {
        var (_, browser) = await SignedInUserAsync("Strict");
        var (clientId, _) = await RegisterAsync(browser);
        foreach (var url in new[]
        {
            AuthorizeUrl("C" + new string('0', 64)),
            AuthorizeUrl(clientId, redirectUri: RedirectUri + "/"),
            AuthorizeUrl(clientId, redirectUri: "https://APP.example/callback"),
            AuthorizeUrl(clientId, redirectUri: RedirectUri + "?x=1"),
        })
        {
            var (response, html) = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains("class=\"error\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Authorize_reports_bad_scopes_and_response_types_and_denial_through_the_redirect()
    {
        var (_, browser) = await SignedInUserAsync("Redirected");
        var (clientId, _) = await RegisterAsync(browser);
        var scope = RedirectQuery((await browser.GetAsync(AuthorizeUrl(clientId, scope: "spark:rooms_read spark:teams_write"))).Response);
        Assert.Equal("invalid_scope", scope["error"]);
        Assert.Equal("st@te/1 2", scope["state"]);
        Assert.Equal("unsupported_response_type", RedirectQuery((await browser.GetAsync(AuthorizeUrl(clientId, responseType: "token"))).Response)["error"]);
        var denied = await ConsentAsync(browser, AuthorizeUrl(clientId), "deny");
        Assert.Equal("access_denied", denied["error"]);
        Assert.False(denied.ContainsKey("code"));
    }

    [Fact]
    public async Task Consent_without_the_antiforgery_token_is_rejected()
    {
        var (_, browser) = await SignedInUserAsync("Forged");
        var (clientId, _) = await RegisterAsync(browser);
        var response = await browser.Client.PostAsync("/v1/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = RedirectUri, ["scope"] = "spark:rooms_read", ["decision"] = "approve",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Code_exchange_fails_on_redirect_mismatch_reuse_pkce_mismatch_and_client_errors()
    {
        var (_, browser) = await SignedInUserAsync("Failures");
        var (clientId, secret) = await RegisterAsync(browser);
        var (verifier, challenge) = Pkce();
        async Task<string> CodeAsync(string? pkce = null) => (await ConsentAsync(browser, AuthorizeUrl(clientId, challenge: pkce)))["code"];
        (string, string)[] Exchange(string code, string redirect = RedirectUri, string? codeVerifier = null) =>
            [("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", redirect),
             .. codeVerifier is null ? Array.Empty<(string, string)>() : [("code_verifier", codeVerifier)]];

        AssertOAuthError(await TokenAsync(Exchange(await CodeAsync(), "http://127.0.0.1:9/cb")), 400, "invalid_grant");

        var code = await CodeAsync();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Exchange(code))).Response.StatusCode);
        var reused = await TokenAsync(Exchange(code));
        AssertOAuthError(reused, 400, "invalid_grant");

        AssertOAuthError(await TokenAsync(Exchange(await CodeAsync(challenge), codeVerifier: Pkce().Verifier)), 400, "invalid_grant");
        AssertOAuthError(await TokenAsync(Exchange(await CodeAsync(challenge))), 400, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Exchange(await CodeAsync(challenge), codeVerifier: verifier))).Response.StatusCode);

        var wrongSecret = await TokenAsync(Basic(clientId, secret + "0"), ("grant_type", "authorization_code"), ("code", await CodeAsync()), ("redirect_uri", RedirectUri));
        AssertOAuthError(wrongSecret, 401, "invalid_client");
        AssertOAuthError(await TokenAsync(("grant_type", "refresh_token"), ("client_id", "Cnobody"), ("client_secret", secret), ("refresh_token", "x")), 401, "invalid_client");
        AssertOAuthError(await TokenAsync(("grant_type", "password"), ("client_id", clientId), ("client_secret", secret)), 400, "unsupported_grant_type");
        AssertOAuthError(await TokenAsync(("client_id", clientId), ("client_secret", secret)), 400, "invalid_request");
        AssertOAuthError(await TokenAsync(("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("redirect_uri", RedirectUri)), 400, "invalid_request");
        AssertOAuthError(await TokenAsync(("grant_type", "refresh_token"), ("client_id", clientId), ("client_secret", secret), ("refresh_token", "nope")), 400, "invalid_grant");
    }

    [Fact]
    public async Task A_code_of_one_integration_cannot_be_redeemed_by_another()
    {
        var (_, browser) = await SignedInUserAsync("Two apps");
        var (clientId, _) = await RegisterAsync(browser);
        var (otherId, otherSecret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        AssertOAuthError(await TokenAsync(Basic(otherId, otherSecret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri)), 400, "invalid_grant");
    }

    [Fact]
    public async Task Authorizations_api_is_self_or_admin_and_admins_revoke_a_client_for_the_org()
    {
        var (user, browser) = await SignedInUserAsync("Granting");
        var (clientId, secret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        var access = (await TokenAsync(Basic(clientId, secret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri))).Body!["access_token"]!.GetValue<string>();
        var stranger = await server.CreateUserAsync("Stranger");

        (await user.Client.GetJsonAsync("/v1/authorizations")).AssertWebexError(400);
        (await stranger.Client.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).AssertWebexError(404);
        Assert.Single((await server.Admin.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).Body!["items"]!.AsArray());
        var item = (await user.Client.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).Body!["items"]![0]!;
        (await stranger.Client.DeleteJsonAsync("/v1/authorizations/" + item["id"]!.GetValue<string>())).AssertWebexError(404);
        (await stranger.Client.DeleteJsonAsync("/v1/authorizations?clientId=" + clientId)).AssertWebexError(403);

        // The integration token itself may ask for its expiry and its own grants.
        Assert.Equal(HttpStatusCode.OK, (await server.ClientWithToken(access).GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).Response.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Admin.DeleteJsonAsync("/v1/authorizations?clientId=" + clientId)).Response.StatusCode);
        (await server.ClientWithToken(access).GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        Assert.Empty((await user.Client.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Tokens_and_refresh_stop_when_the_person_may_no_longer_sign_in_or_is_deleted()
    {
        var (user, browser) = await SignedInUserAsync("Leaving");
        var (clientId, secret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        var body = (await TokenAsync(Basic(clientId, secret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri))).Body!;
        var refresh = body["refresh_token"]!.GetValue<string>();

        var disabled = await server.Admin.PutJsonAsync("/v1/people/" + user.Id, new { displayName = "Leaving", loginEnabled = false });
        Assert.Equal(HttpStatusCode.OK, disabled.Response.StatusCode);
        (await server.ClientWithToken(body["access_token"]!.GetValue<string>()).GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        AssertOAuthError(await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", refresh)), 400, "invalid_grant");
        // A disabled person's session no longer opens pages either.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).Response.StatusCode);

        await server.Admin.PutJsonAsync("/v1/people/" + user.Id, new { displayName = "Leaving", loginEnabled = true });
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", refresh))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Admin.DeleteJsonAsync("/v1/people/" + user.Id)).Response.StatusCode);
        AssertOAuthError(await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", refresh)), 400, "invalid_grant");
    }

    [Fact]
    public async Task Revoke_endpoint_removes_a_token_held_by_the_integration()
    {
        var (_, browser) = await SignedInUserAsync("Revoker");
        var (clientId, secret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        var body = (await TokenAsync(Basic(clientId, secret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri))).Body!;
        var access = body["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = access, ["token_type_hint"] = "access_token" }),
        };
        request.Headers.Authorization = Basic(clientId, secret);
        var response = await server.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        (await server.ClientWithToken(access).GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        // The refresh token still works: only the access token was revoked.
        var refreshed = await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", body["refresh_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, refreshed.Response.StatusCode);
    }

    [Fact]
    public async Task Webhooks_belong_to_the_integration_and_go_when_its_grant_is_revoked()
    {
        var (user, browser) = await SignedInUserAsync("Hook owner");
        var (clientId, secret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        var access = (await TokenAsync(Basic(clientId, secret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri))).Body!["access_token"]!.GetValue<string>();
        var integration = server.ClientWithToken(access);
        object Hook(string name) => new { name, targetUrl = "https://example.com/hook", resource = "rooms", @event = "created" };

        var appHook = (await integration.PostJsonAsync("/v1/webhooks", Hook("app hook"))).Body!;
        var personalHook = (await user.Client.PostJsonAsync("/v1/webhooks", Hook("personal hook"))).Body!;

        // An application manages the webhooks it created, and only those.
        Assert.NotEqual(appHook["appId"]!.GetValue<string>(), personalHook["appId"]!.GetValue<string>());
        string[] Ids(JsonNode? list) => list!["items"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal([appHook["id"]!.GetValue<string>()], Ids((await integration.GetJsonAsync("/v1/webhooks")).Body));
        Assert.Equal([personalHook["id"]!.GetValue<string>()], Ids((await user.Client.GetJsonAsync("/v1/webhooks")).Body));
        (await user.Client.GetJsonAsync("/v1/webhooks/" + appHook["id"]!.GetValue<string>())).AssertWebexError(404);

        var grant = (await user.Client.GetJsonAsync("/v1/authorizations?personId=" + Uri.EscapeDataString(user.Id))).Body!["items"]![0]!;
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteJsonAsync("/v1/authorizations/" + grant["id"]!.GetValue<string>())).Response.StatusCode);

        Assert.True(Parley.Contracts.WebexId.TryDecodeGuid(appHook["id"]!.GetValue<string>(), "WEBHOOK", out var appHookId));
        Assert.Null(await server.Services.GetRequiredService<IDataStore>().ReadAsync(s => s.Webhooks.GetAsync(appHookId)));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetJsonAsync("/v1/webhooks/" + personalHook["id"]!.GetValue<string>())).Response.StatusCode);
    }

    [Fact]
    public async Task Deleting_the_integration_invalidates_its_tokens()
    {
        var (_, browser) = await SignedInUserAsync("Deleter");
        var (clientId, secret) = await RegisterAsync(browser);
        var code = (await ConsentAsync(browser, AuthorizeUrl(clientId)))["code"];
        var access = (await TokenAsync(Basic(clientId, secret), ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri))).Body!["access_token"]!.GetValue<string>();
        var (_, html) = await browser.GetAsync("/account/integrations");
        var action = System.Text.RegularExpressions.Regex.Match(html, "action=\"(/account/integrations/[^\"]+/delete)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync(action)).Response.StatusCode);
        (await server.ClientWithToken(access).GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        AssertOAuthError(await TokenAsync(Basic(clientId, secret), ("grant_type", "refresh_token"), ("refresh_token", "x")), 401, "invalid_client");
    }
}

/// <summary>Codes live one second here so expiry can be observed.</summary>
public sealed class ShortCodeServer() : ParleyServer(new Dictionary<string, string?> { ["Parley:Tokens:AuthorizationCodeLifetime"] = "00:00:01" });

public sealed class OAuthExpiryTests(ShortCodeServer server) : IClassFixture<ShortCodeServer>
{
    [Fact]
    public async Task An_expired_code_is_invalid_grant()
    {
        var user = await server.CreateUserAsync("Slow");
        await server.SetPasswordAsync(user.Email, "correct horse battery");
        var browser = server.Browser();
        await browser.SignInAsync(user.Email, "correct horse battery");
        var oauth = (OAuthService)server.Services.GetService(typeof(OAuthService))!;
        var (integration, secret) = await oauth.RegisterAsync(ParleyServer.PersonGuid(user), "Slow app", ["https://app.example/callback"], ["spark:rooms_read"], null, null);
        var authorize = $"/v1/authorize?response_type=code&client_id={integration.ClientId}&redirect_uri={Uri.EscapeDataString("https://app.example/callback")}&scope=spark%3Arooms_read";
        var (_, html) = await browser.GetAsync(authorize);
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">")
            .Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).Append(("decision", "approve")).ToArray();
        var redirect = (await browser.PostFormAsync("/v1/authorize", fields)).Response.Headers.Location!;
        var code = QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var response = await server.Anonymous().PostAsync("/v1/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = integration.ClientId, ["client_secret"] = secret,
            ["code"] = code, ["redirect_uri"] = "https://app.example/callback",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal("Authorization code expired.", body["error_description"]!.GetValue<string>());
    }
}
