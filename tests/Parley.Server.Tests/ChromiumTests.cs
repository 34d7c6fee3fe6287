using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using PuppeteerSharp;

namespace Parley.Server.Tests;

/// <summary>
/// Headless Debian Chromium, found at <c>PARLEY_CHROMIUM</c> or <c>/usr/bin/chromium</c> (<c>.ci/run</c> installs it);
/// PuppeteerSharp drives it over the DevTools protocol and never downloads a browser of its own.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        Assert.True(File.Exists(path), $"Chromium not found at {path}: apt-get install chromium (or set PARLEY_CHROMIUM).");
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = path,
            // Root in CI: Chromium's sandbox needs an unprivileged user.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        await Browser.DisposeAsync();
    }
}

/// <summary>The pages in a real browser: forms, redirects, cookies and the consent flow, without any test HTTP shortcuts.</summary>
public sealed class ChromiumTests(ParleyServer server, Chromium chromium) : IClassFixture<ParleyServer>, IClassFixture<Chromium>
{
    private const string Password = "correct horse battery";

    private string Url(string path) => new Uri(server.BaseAddress, path).ToString();

    private static async Task SubmitAsync(IPage page, string selector)
    {
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync(selector));
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.TypeAsync("#email", email);
        await page.TypeAsync("#password", Password);
        await SubmitAsync(page, "button[type=submit]");
    }

    [Fact]
    public async Task A_person_signs_in_and_generates_a_personal_token_that_works()
    {
        var user = await server.CreateUserAsync("Chromium user");
        await server.SetPasswordAsync(user.Email, Password);
        await using var context = await chromium.Browser.CreateBrowserContextAsync();
        await using var page = await context.NewPageAsync();

        await page.GoToAsync(Url("/account"));
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, user.Email);
        Assert.Equal(Url("/account"), page.Url);
        Assert.Contains(user.Email, await page.GetContentAsync(), StringComparison.Ordinal);

        await SubmitAsync(page, "form[action='/account/token'] button");
        var token = await page.EvaluateExpressionAsync<string>("document.getElementById('token').value");
        var me = await server.ClientWithToken(token).GetJsonAsync("/v1/people/me");
        Assert.Equal(user.Id, me.Body!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bot_is_created_through_the_browser_and_its_token_acts_as_the_bot()
    {
        var user = await server.CreateUserAsync("Chromium bot maker");
        await server.SetPasswordAsync(user.Email, Password);
        await using var context = await chromium.Browser.CreateBrowserContextAsync();
        await using var page = await context.NewPageAsync();
        var username = "helper" + Guid.NewGuid().ToString("N")[..8];

        await page.GoToAsync(Url("/account/bots"));
        await SignInAsync(page, user.Email);
        Assert.Equal(Url("/account/bots"), page.Url);
        await page.TypeAsync("#displayName", "Helper Bot");
        await page.TypeAsync("#username", username);
        await SubmitAsync(page, "form[action='/account/bots'] button[type=submit]");
        var token = await page.EvaluateExpressionAsync<string>("document.getElementById('token').value");

        var me = (await server.ClientWithToken(token).GetJsonAsync("/v1/people/me")).Body!;
        Assert.Equal("bot", me["type"]!.GetValue<string>());
        Assert.Equal("Helper Bot", me["displayName"]!.GetValue<string>());
        Assert.StartsWith(username + "@", me["emails"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(username, await page.EvaluateExpressionAsync<string>("document.getElementById('bots').innerText"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integration_is_registered_and_authorized_through_the_browser()
    {
        var user = await server.CreateUserAsync("Chromium developer");
        await server.SetPasswordAsync(user.Email, Password);
        await using var context = await chromium.Browser.CreateBrowserContextAsync();
        await using var page = await context.NewPageAsync();
        var redirectUri = Url("/callback");

        await page.GoToAsync(Url("/account/integrations"));
        await SignInAsync(page, user.Email);
        Assert.Equal(Url("/account/integrations"), page.Url);
        await page.TypeAsync("#name", "Browser app");
        await page.TypeAsync("#redirectUris", redirectUri);
        await page.ClickAsync("input[value='spark:people_read']");
        await page.ClickAsync("input[value='spark:rooms_read']");
        await SubmitAsync(page, "form[action='/account/integrations'] button[type=submit]");
        var secret = await page.EvaluateExpressionAsync<string>("document.getElementById('secret').value");
        var clientId = await page.EvaluateExpressionAsync<string>("document.querySelector('code.client-id').textContent");

        // Signed out, the integration's link leads through sign-in to the consent page.
        await SubmitAsync(page, "form[action='/account/signout'] button");
        var authorize = QueryHelpers.AddQueryString(Url("/v1/authorize"), new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri,
            ["scope"] = "spark:people_read spark:rooms_read", ["state"] = "abc",
        });
        await page.GoToAsync(authorize);
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, user.Email);
        Assert.Equal(authorize, page.Url);
        var scopes = await page.EvaluateExpressionAsync<string>("document.getElementById('scopes').innerText");
        Assert.Contains("Read your company directory", scopes, StringComparison.Ordinal);
        Assert.Contains("List the titles of rooms that you are in", scopes, StringComparison.Ordinal);

        await SubmitAsync(page, "button[value=approve]");
        Assert.StartsWith(redirectUri + "?", page.Url, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(page.Url).Query);
        Assert.Equal("abc", query["state"].ToString());

        var response = await server.Anonymous().PostAsync("/v1/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["client_secret"] = secret,
            ["code"] = query["code"].ToString(), ["redirect_uri"] = redirectUri,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        Assert.Equal(user.Id, (await server.ClientWithToken(access).GetJsonAsync("/v1/people/me")).Body!["id"]!.GetValue<string>());
    }
}
