using System.Net;
using Parley.Core;

namespace Parley.Server.Tests;

/// <summary>The server's own pages: sign-in with lockout, the personal token, invitations and bots.</summary>
public sealed class AccountPageTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Pages_need_a_session_and_sign_in_rejects_wrong_passwords_and_foreign_return_urls()
    {
        var user = await server.CreateUserAsync("Signer");
        await server.SetPasswordAsync(user.Email, Password);
        var browser = server.Browser();
        var (home, _) = await browser.GetAsync("/account/bots");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/signin?returnUrl=%2Faccount%2Fbots", home.Headers.Location!.OriginalString);

        await browser.GetAsync("/account/signin");
        var (wrong, html) = await browser.PostFormAsync("/account/signin", ("email", user.Email), ("password", "nope nope nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong email or password.", html, StringComparison.Ordinal);
        var (unknown, _) = await browser.PostFormAsync("/account/signin", ("email", "nobody@example.com"), ("password", Password));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        Assert.Equal("/account", (await browser.SignInAsync(user.Email.ToUpperInvariant(), Password, "//evil.example/x"))!.OriginalString);
        var (page, pageHtml) = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(user.Email, pageHtml, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Repeated_failures_lock_sign_in_even_for_the_right_password()
    {
        var user = await server.CreateUserAsync("Locked");
        await server.SetPasswordAsync(user.Email, Password);
        var browser = server.Browser();
        await browser.GetAsync("/account/signin");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostFormAsync("/account/signin", ("email", user.Email), ("password", "wrong password " + i))).Response.StatusCode);
        }
        var (locked, html) = await browser.PostFormAsync("/account/signin", ("email", user.Email), ("password", "wrong again"));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.PostFormAsync("/account/signin", ("email", user.Email), ("password", Password))).Response.StatusCode);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        var user = await server.CreateUserAsync("Unforged");
        await server.SetPasswordAsync(user.Email, Password);
        var response = await server.Browser().Client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = user.Email, ["password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("parley.session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_is_bound_to_the_person_signed_in_when_it_was_served()
    {
        var alice = await server.CreateUserAsync("Form owner");
        var bob = await server.CreateUserAsync("Other session");
        await server.SetPasswordAsync(alice.Email, Password);
        await server.SetPasswordAsync(bob.Email, Password);
        var browser = server.Browser();
        await browser.SignInAsync(alice.Email, Password);
        await browser.GetAsync("/account");
        var other = server.Browser();
        await other.SignInAsync(bob.Email, Password);

        // Alice's form and antiforgery cookie, posted with Bob's session.
        browser.Cookies.Add(other.Cookies.GetCookies(server.BaseAddress)["parley.session"]!);
        var (response, html) = await browser.PostFormAsync("/account/token");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Request rejected", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);
    }

    [Fact]
    public async Task The_personal_token_is_shown_once_works_on_the_api_and_regenerating_revokes_the_old_one()
    {
        var user = await server.CreateUserAsync("Token holder");
        await server.SetPasswordAsync(user.Email, Password);
        var browser = server.Browser();
        await browser.SignInAsync(user.Email, Password);
        await browser.GetAsync("/account");
        var (_, html) = await browser.PostFormAsync("/account/token");
        var token = Browser.InputValue(html, "token");
        var me = await server.ClientWithToken(token).GetJsonAsync("/v1/people/me");
        Assert.Equal(user.Id, me.Body!["id"]!.GetValue<string>());
        var expiry = await server.ClientWithToken(token).GetJsonAsync("/v1/authorizations/tokenExpiry");
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(expiry.Body!["exp"]!.GetValue<long>()), DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(13));

        var (_, again) = await browser.PostFormAsync("/account/token");
        var second = Browser.InputValue(again, "token");
        Assert.NotEqual(token, second);
        (await server.ClientWithToken(token).GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        (await user.Client.GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        Assert.Equal(HttpStatusCode.OK, (await server.ClientWithToken(second).GetJsonAsync("/v1/people/me")).Response.StatusCode);
        // A fresh page never shows a token again: only its hash is kept.
        Assert.DoesNotContain(second, (await browser.GetAsync("/account")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_invites_a_person_with_a_one_time_set_password_link()
    {
        var admin = await server.CreateUserAsync("Inviting admin");
        await server.GrantRolesAsync(admin, RoleKeys.FullAdmin);
        await server.SetPasswordAsync(admin.Email, Password);
        var browser = server.Browser();
        await browser.SignInAsync(admin.Email, Password);
        await browser.GetAsync("/account/invite");
        var email = $"invitee.{Guid.NewGuid():N}@example.com";
        var (_, html) = await browser.PostFormAsync("/account/invite", ("email", email), ("displayName", "Invitee <i>"));
        var link = new Uri(Browser.InputValue(html, "link"));

        var invitee = server.Browser();
        var (form, _) = await invitee.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var ticket = System.Web.HttpUtility.ParseQueryString(link.Query)["ticket"]!;
        var (tooShort, shortHtml) = await invitee.PostFormAsync("/account/set-password", ("ticket", ticket), ("password", "short"));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("at least", shortHtml, StringComparison.Ordinal);
        var (set, _) = await invitee.PostFormAsync("/account/set-password", ("ticket", ticket), ("password", Password));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var (home, homeHtml) = await invitee.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Invitee &lt;i&gt;", homeHtml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Browser().GetAsync(link.PathAndQuery)).Response.StatusCode);
        var person = (await server.Admin.GetJsonAsync("/v1/people?email=" + Uri.EscapeDataString(email))).Body!["items"]![0]!;
        Assert.False(person["invitePending"]!.GetValue<bool>());
        Assert.NotNull(await server.Browser().SignInAsync(email, Password));
    }

    [Fact]
    public async Task Only_admins_invite()
    {
        var user = await server.CreateUserAsync("Not admin");
        await server.SetPasswordAsync(user.Email, Password);
        var browser = server.Browser();
        await browser.SignInAsync(user.Email, Password);
        await browser.GetAsync("/account/invite");
        var (response, html) = await browser.PostFormAsync("/account/invite", ("email", "someone@example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only administrators", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_creates_a_bot_whose_token_never_expires_and_can_be_regenerated()
    {
        var owner = await server.CreateUserAsync("Bot owner");
        await server.SetPasswordAsync(owner.Email, Password);
        var browser = server.Browser();
        await browser.SignInAsync(owner.Email, Password);
        await browser.GetAsync("/account/bots");
        var username = "helper" + Guid.NewGuid().ToString("N")[..8];
        var (_, html) = await browser.PostFormAsync("/account/bots", ("displayName", "Helper Bot"), ("username", username), ("avatar", "https://img.example/bot.png"));
        var token = Browser.InputValue(html, "token");

        var bot = server.ClientWithToken(token);
        var me = (await bot.GetJsonAsync("/v1/people/me")).Body!;
        Assert.Equal("bot", me["type"]!.GetValue<string>());
        Assert.Equal($"{username}@webex.bot", me["emails"]![0]!.GetValue<string>());
        Assert.Equal("https://img.example/bot.png", me["avatar"]!.GetValue<string>());
        var expiry = (await bot.GetJsonAsync("/v1/authorizations/tokenExpiry")).Body!;
        Assert.Null(expiry["exp"]);
        // Bots act as themselves with the bot scope set: rooms yes, organizations no.
        Assert.Equal(HttpStatusCode.OK, (await bot.PostJsonAsync("/v1/rooms", new { title = "Bot room" })).Response.StatusCode);
        (await bot.GetJsonAsync("/v1/organizations")).AssertWebexError(403);

        var (duplicate, dupHtml) = await browser.PostFormAsync("/account/bots", ("displayName", "Again"), ("username", username));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("taken", dupHtml, StringComparison.Ordinal);

        var (_, list) = await browser.GetAsync("/account/bots");
        var action = System.Text.RegularExpressions.Regex.Match(list, "action=\"(/account/bots/[^\"]+/token)\"").Groups[1].Value;
        var (_, regenerated) = await browser.PostFormAsync(action);
        var second = Browser.InputValue(regenerated, "token");
        (await bot.GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        Assert.Equal(HttpStatusCode.OK, (await server.ClientWithToken(second).GetJsonAsync("/v1/people/me")).Response.StatusCode);

        // Someone else cannot regenerate it.
        var other = await server.CreateUserAsync("Other owner");
        await server.SetPasswordAsync(other.Email, Password);
        var otherBrowser = server.Browser();
        await otherBrowser.SignInAsync(other.Email, Password);
        await otherBrowser.GetAsync("/account/bots");
        Assert.Equal(HttpStatusCode.NotFound, (await otherBrowser.PostFormAsync(action)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.ClientWithToken(second).GetJsonAsync("/v1/people/me")).Response.StatusCode);
    }
}
