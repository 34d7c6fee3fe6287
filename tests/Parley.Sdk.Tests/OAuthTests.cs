using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;

namespace Parley.Sdk.Tests;

public sealed class OAuthTests(SdkServer server) : IClassFixture<SdkServer>
{
    private const string Password = "correct horse battery";
    private const string RedirectUri = "https://app.example/callback";

    /// <summary>Opens the authorization URL in a signed-in browser, approves, and returns the redirect's query.</summary>
    private async Task<Dictionary<string, string>> ApproveAsync(TestUser user, Uri authorizationUrl)
    {
        var browser = server.Browser();
        await browser.SignInAsync(user.Email, Password);
        var (page, html) = await browser.GetAsync(authorizationUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">")
            .Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(("decision", "approve"))
            .ToArray();
        var (redirect, _) = await browser.PostFormAsync("/v1/authorize", fields);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith(RedirectUri, redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(redirect.Headers.Location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    [Fact]
    public async Task The_authorization_url_with_pkce_the_code_exchange_and_refresh_work_against_the_server()
    {
        var user = await server.CreateUserAsync("Grantor");
        await server.SetPasswordAsync(user.Email, Password);
        var (integration, secret) = await server.Services.GetRequiredService<OAuthService>()
            .RegisterAsync(ParleyServer.PersonGuid(user), "SDK app", [RedirectUri], ["spark:people_read", "spark:rooms_read"], null, null);
        using var oauth = new WebexOAuthClient(new WebexOAuthOptions
        {
            ClientId = integration.ClientId,
            ClientSecret = secret,
            RedirectUri = new Uri(RedirectUri),
            BaseAddress = server.ApiRoot,
        });

        var authorization = oauth.CreateAuthorizationRequest(["spark:people_read"]);
        var redirect = await ApproveAsync(user, authorization.Url);
        var tokens = await oauth.ExchangeCodeAsync(redirect["code"], authorization.CodeVerifier);
        var refreshed = await oauth.RefreshAsync(tokens.RefreshToken);
        var reused = await Assert.ThrowsAsync<WebexApiException>(() => oauth.ExchangeCodeAsync(redirect["code"], authorization.CodeVerifier));
        var second = oauth.CreateAuthorizationRequest(["spark:people_read"]);
        var wrongVerifier = await Assert.ThrowsAsync<WebexApiException>(async () => await oauth.ExchangeCodeAsync((await ApproveAsync(user, second.Url))["code"], authorization.CodeVerifier));

        Assert.Equal(authorization.State, redirect["state"]);
        Assert.NotEqual(authorization.State, second.State);
        Assert.Equal(("Bearer", "spark:people_read"), (tokens.TokenType, tokens.Scope));
        Assert.Equal(user.Id, (await server.Client(tokens.AccessToken).Client.People.GetMeAsync()).Id);
        Assert.Equal(user.Id, (await server.Client(refreshed.AccessToken).Client.People.GetMeAsync()).Id);
        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.NotNull(reused.TrackingId);
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);
    }
}
