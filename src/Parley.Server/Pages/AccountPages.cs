using Parley.Contracts;
using Person = Parley.Core.Person;
using Parley.Core;
using Parley.Server.Http;
using static Parley.Server.Pages.Html;

namespace Parley.Server.Pages;

/// <summary>
/// The server's own pages (not part of the Webex API): sign-in, the personal access token, invitations, bots and
/// integrations. Every form posts with an antiforgery token; secrets are shown once and never stored in clear.
/// </summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithTags("Account pages").WithSession();
        account.MapGet("/signin", SignInForm);
        account.MapPost("/signin", SignIn);
        account.MapPost("/signout", (Delegate)SignOut);
        account.MapGet("", (Delegate)Home);
        account.MapPost("/token", RegenerateToken);
        account.MapGet("/invite", (Delegate)InviteForm);
        account.MapPost("/invite", Invite);
        account.MapGet("/set-password", SetPasswordForm);
        account.MapPost("/set-password", SetPassword);
        account.MapGet("/bots", Bots);
        account.MapPost("/bots", CreateBot);
        account.MapPost("/bots/{botId}/token", RegenerateBotToken);
        account.MapGet("/integrations", Integrations);
        account.MapPost("/integrations", CreateIntegration);
        account.MapPost("/integrations/{integrationId}/secret", RegenerateSecret);
        account.MapPost("/integrations/{integrationId}/delete", DeleteIntegration);
        return app;
    }

    /// <summary>Navigation of signed-in pages, with the sign-out form.</summary>
    private static string Nav(HttpContext context) => $"""
        <nav><a href="/account">Access token</a><a href="/account/bots">Bots</a><a href="/account/integrations">Integrations</a><a href="/account/invite">Invite</a>
        <form method="post" action="/account/signout" style="display:inline">{Antiforgery(context)}<button type="submit">Sign out</button></form></nav>
        """;

    private static string ErrorLine(string? error) => error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>";

    private static IResult SignInPage(HttpContext context, string? returnUrl, string? error, int status = 200) => Page("Sign in", $"""
        {ErrorLine(error)}
        <form method="post" action="/account/signin">
        {Antiforgery(context)}
        <input type="hidden" name="returnUrl" value="{E(Session.SafeReturnUrl(returnUrl))}">
        <p><label for="email">Email</label><br><input id="email" name="email" type="email" autocomplete="username" required></p>
        <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        """, status);

    private static IResult SignInForm(HttpContext context) => SignInPage(context, context.Request.Query["returnUrl"], null);

    private static async Task<IResult> SignIn(HttpContext context, AccountService accounts)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        var (outcome, personId) = await accounts.SignInAsync(form["email"], form["password"]);
        return outcome switch
        {
            SignInOutcome.Success => await SignedIn(context, personId, form["returnUrl"]),
            SignInOutcome.LockedOut => SignInPage(context, form["returnUrl"], "Too many failed attempts: sign-in is locked for a while.", 429),
            _ => SignInPage(context, form["returnUrl"], "Wrong email or password.", 401),
        };
    }

    private static async Task<IResult> SignedIn(HttpContext context, Guid personId, string? returnUrl)
    {
        await Session.SignInAsync(context, personId);
        return Results.Redirect(Session.SafeReturnUrl(returnUrl));
    }

    private static async Task<IResult> SignOut(HttpContext context)
    {
        if (await ReadVerifiedFormAsync(context) is null)
        {
            return BadForm();
        }
        await Session.SignOutAsync(context);
        return Results.Redirect("/account/signin");
    }

    private static IResult TokenPage(HttpContext context, Person person, string? token) => Page("Personal access token", $"""
        {Nav(context)}
        <p>Signed in as {E(person.DisplayName)} ({E(person.Email)}).</p>
        <p>A personal access token acts as you on the API (scopes <code>spark:all spark:kms</code> plus those of your roles).
        Only its hash is stored: it is shown once, right after you generate it. Generating a new one revokes the previous ones.</p>
        {(token is null ? "" : Secret("token", "Your personal access token", token))}
        <form method="post" action="/account/token">{Antiforgery(context)}<button type="submit">{(token is null ? "Generate a token" : "Regenerate")}</button></form>
        """);

    private static async Task<IResult> Home(HttpContext context) =>
        await Session.PersonAsync(context) is { } person ? TokenPage(context, person, null) : Session.Challenge(context);

    private static async Task<IResult> RegenerateToken(HttpContext context, TokenService tokens)
    {
        if (await ReadVerifiedFormAsync(context) is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        return TokenPage(context, person, await tokens.RegenerateAsync(person.Id, context.RequestAborted));
    }

    private static IResult InvitePage(HttpContext context, string? link, string? error, int status = 200) => Page("Invite a person", $"""
        {Nav(context)}
        {ErrorLine(error)}
        <p>Administrators invite people of their organization. Hand the one-time link to the person: it lets them set a
        password. No mail is sent.</p>
        {(link is null ? "" : Secret("link", "One-time set-password link", link))}
        <form method="post" action="/account/invite">
        {Antiforgery(context)}
        <p><label for="email">Email</label><br><input id="email" name="email" type="email" required></p>
        <p><label for="displayName">Display name</label><br><input id="displayName" name="displayName"></p>
        <p><button type="submit">Create link</button></p>
        </form>
        """, status);

    private static async Task<IResult> InviteForm(HttpContext context) =>
        await Session.PersonAsync(context) is null ? Session.Challenge(context) : InvitePage(context, null, null);

    private static async Task<IResult> Invite(HttpContext context, AccountService accounts)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        try
        {
            var ticket = await accounts.InviteAsync(person.Id, form["email"], form["displayName"]);
            return InvitePage(context, $"{context.PublicBaseUrl()}/account/set-password?ticket={Uri.EscapeDataString(ticket)}", null);
        }
        catch (ParleyException ex)
        {
            return InvitePage(context, null, ex.Message, ex.StatusCode);
        }
    }

    private static IResult SetPasswordPage(HttpContext context, string ticket, string? error, int status = 200) => Page("Set your password", $"""
        {ErrorLine(error)}
        <form method="post" action="/account/set-password">
        {Antiforgery(context)}
        <input type="hidden" name="ticket" value="{E(ticket)}">
        <p><label for="password">New password</label><br><input id="password" name="password" type="password" autocomplete="new-password" required></p>
        <p><button type="submit">Set password</button></p>
        </form>
        """, status);

    private static async Task<IResult> SetPasswordForm(HttpContext context, AccountService accounts)
    {
        string ticket = context.Request.Query["ticket"].ToString();
        return await accounts.IsTicketValidAsync(ticket)
            ? SetPasswordPage(context, ticket, null)
            : Page("Set your password", "<p class=\"error\">This link is invalid, expired or already used.</p>", 404);
    }

    private static async Task<IResult> SetPassword(HttpContext context, AccountService accounts)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        try
        {
            var personId = await accounts.SetPasswordWithTicketAsync(form["ticket"], form["password"]);
            return await SignedIn(context, personId, "/account");
        }
        catch (ValidationException ex)
        {
            return SetPasswordPage(context, form["ticket"].ToString(), ex.Message, 400);
        }
        catch (NotFoundException ex)
        {
            return Page("Set your password", $"<p class=\"error\">{E(ex.Message)}</p>", 404);
        }
    }

    private static async Task<IResult> BotsPage(HttpContext context, Person owner, AccountService accounts, (Person Bot, string Token)? shown, string? error, int status = 200)
    {
        var bots = await accounts.ListBotsAsync(owner.Id);
        var rows = string.Concat(bots.Select(b => $"""
            <li>{E(b.DisplayName)} &lt;{E(b.Email)}&gt; <small>{E(WebexId.Encode(WebexIdType.Person, b.Id))}</small>
            <form method="post" action="/account/bots/{E(WebexId.Encode(WebexIdType.Person, b.Id))}/token" style="display:inline">{Antiforgery(context)}<button type="submit">Regenerate token</button></form></li>
            """));
        return Page("Bots", $"""
            {Nav(context)}
            {ErrorLine(error)}
            {(shown is { } s ? $"<p>Bot {E(s.Bot.DisplayName)} &lt;{E(s.Bot.Email)}&gt;: its token never expires and is shown only now.</p>" + Secret("token", "Bot access token", s.Token) : "")}
            <ul id="bots">{rows}</ul>
            <h2>Create a bot</h2>
            <form method="post" action="/account/bots">
            {Antiforgery(context)}
            <p><label for="displayName">Display name</label><br><input id="displayName" name="displayName" required></p>
            <p><label for="username">Username</label><br><input id="username" name="username" required> <small>becomes username@{E(context.RequestServices.GetRequiredService<AccountOptions>().BotDomain)}</small></p>
            <p><label for="avatar">Avatar URL</label><br><input id="avatar" name="avatar" type="url"></p>
            <p><button type="submit">Create bot</button></p>
            </form>
            """, status);
    }

    private static async Task<IResult> Bots(HttpContext context, AccountService accounts) =>
        await Session.PersonAsync(context) is { } person ? await BotsPage(context, person, accounts, null, null) : Session.Challenge(context);

    private static async Task<IResult> CreateBot(HttpContext context, AccountService accounts)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        try
        {
            var created = await accounts.CreateBotAsync(person.Id, form["displayName"], form["username"], form["avatar"]);
            return await BotsPage(context, person, accounts, created, null);
        }
        catch (ParleyException ex)
        {
            return await BotsPage(context, person, accounts, null, ex.Message, ex.StatusCode);
        }
    }

    private static async Task<IResult> RegenerateBotToken(string botId, HttpContext context, AccountService accounts)
    {
        if (await ReadVerifiedFormAsync(context) is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        try
        {
            var id = Ids.Require(botId, WebexIdType.Person, "botId", "Bot not found.");
            var token = await accounts.RegenerateBotTokenAsync(person.Id, id);
            var bot = (await accounts.GetPersonAsync(id))!;
            return await BotsPage(context, person, accounts, (bot, token), null);
        }
        catch (ParleyException ex)
        {
            return await BotsPage(context, person, accounts, null, ex.Message, ex.StatusCode);
        }
    }

    private static async Task<IResult> IntegrationsPage(
        HttpContext context, Person owner, OAuthService oauth, (Integration Integration, string Secret)? shown, string? error, int status = 200)
    {
        var integrations = await oauth.ListOwnedAsync(owner.Id);
        var rows = string.Concat(integrations.Select(i =>
        {
            var id = E(WebexId.Encode(WebexIdType.Application, i.Id));
            return $"""
                <li><strong>{E(i.Name)}</strong> client ID <code class="client-id">{E(i.ClientId)}</code><br>
                Redirect URIs: {E(string.Join(", ", i.RedirectUriList))}<br>Scopes: {E(i.Scopes)}
                <form method="post" action="/account/integrations/{id}/secret" style="display:inline">{Antiforgery(context)}<button type="submit">Regenerate secret</button></form>
                <form method="post" action="/account/integrations/{id}/delete" style="display:inline">{Antiforgery(context)}<button type="submit">Delete</button></form></li>
                """;
        }));
        var scopeChoices = string.Concat(Core.Scopes.Descriptions.Select(d =>
            $"<label><input type=\"checkbox\" name=\"scope\" value=\"{E(d.Key)}\"> {E(d.Key)}: {E(d.Value)}</label><br>"));
        return Page("Integrations", $"""
            {Nav(context)}
            {ErrorLine(error)}
            {(shown is { } s ? $"<p>Integration {E(s.Integration.Name)}, client ID <code>{E(s.Integration.ClientId)}</code>. The secret is shown only now.</p>" + Secret("secret", "Client secret", s.Secret) : "")}
            <ul id="integrations">{rows}</ul>
            <h2>Register an integration</h2>
            <form method="post" action="/account/integrations">
            {Antiforgery(context)}
            <p><label for="name">Name</label><br><input id="name" name="name" required></p>
            <p><label for="description">Description</label><br><input id="description" name="description"></p>
            <p><label for="iconUrl">Icon URL</label><br><input id="iconUrl" name="iconUrl" type="url"></p>
            <p><label for="redirectUris">Redirect URIs (one per line, matched exactly)</label><br><textarea id="redirectUris" name="redirectUris" rows="3" cols="60" required></textarea></p>
            <fieldset><legend>Scopes</legend>{scopeChoices}</fieldset>
            <p><button type="submit">Register</button></p>
            </form>
            """, status);
    }

    private static async Task<IResult> Integrations(HttpContext context, OAuthService oauth) =>
        await Session.PersonAsync(context) is { } person ? await IntegrationsPage(context, person, oauth, null, null) : Session.Challenge(context);

    private static async Task<IResult> CreateIntegration(HttpContext context, OAuthService oauth)
    {
        var form = await ReadVerifiedFormAsync(context);
        if (form is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        try
        {
            var registered = await oauth.RegisterAsync(
                person.Id,
                form["name"],
                form["redirectUris"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                form["scope"].Where(s => !string.IsNullOrWhiteSpace(s)).SelectMany(s => Core.Scopes.Parse(s)).Distinct().ToList(),
                form["description"],
                form["iconUrl"]);
            return await IntegrationsPage(context, person, oauth, registered, null);
        }
        catch (ParleyException ex)
        {
            return await IntegrationsPage(context, person, oauth, null, ex.Message, ex.StatusCode);
        }
    }

    private static async Task<IResult> RegenerateSecret(string integrationId, HttpContext context, OAuthService oauth) =>
        await OnIntegration(integrationId, context, oauth, async (person, id) =>
        {
            var secret = await oauth.RegenerateSecretAsync(person.Id, id);
            var integration = (await oauth.ListOwnedAsync(person.Id)).First(i => i.Id == id);
            return (integration, secret);
        });

    private static async Task<IResult> DeleteIntegration(string integrationId, HttpContext context, OAuthService oauth) =>
        await OnIntegration(integrationId, context, oauth, async (person, id) =>
        {
            await oauth.DeleteIntegrationAsync(person.Id, id);
            return null;
        });

    private static async Task<IResult> OnIntegration(
        string integrationId, HttpContext context, OAuthService oauth, Func<Person, Guid, Task<(Integration, string)?>> action)
    {
        if (await ReadVerifiedFormAsync(context) is null)
        {
            return BadForm();
        }
        if (await Session.PersonAsync(context) is not { } person)
        {
            return Results.Redirect("/account/signin");
        }
        try
        {
            var id = Ids.Require(integrationId, WebexIdType.Application, "integrationId", "Integration not found.");
            return await IntegrationsPage(context, person, oauth, await action(person, id), null);
        }
        catch (ParleyException ex)
        {
            return await IntegrationsPage(context, person, oauth, null, ex.Message, ex.StatusCode);
        }
    }
}
