using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Tests;

/// <summary>The endpoint → scope matrix (60 §5.2), walked over every mapped /v1 route.</summary>
public sealed partial class ScopeTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    /// <summary>Every /v1 route that takes a bearer token, with its declared requirement.</summary>
    private List<(string Method, string Path, ScopeRequirement? Requirement)> BearerRoutes() =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/v1", StringComparison.Ordinal) && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<ScopeRequirement>())))
            .ToList();

    /// <summary>A concrete URL for a route template: every parameter gets a value that names nothing.</summary>
    private static string UrlOf(string template) => RouteParameter().Replace(template, "Y2lzY29zcGFyazovL3VzL05PVEhJTkcvMA");

    [Fact]
    public void Every_bearer_route_declares_its_scopes()
    {
        var routes = BearerRoutes();
        Assert.NotEmpty(routes);
        var undeclared = routes.Where(r => r.Requirement is null).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(undeclared.Count == 0, "No scope requirement: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task A_token_without_the_scope_gets_403_naming_it_and_a_token_with_any_listed_scope_passes()
    {
        var admin = await server.CreateUserAsync("Scope walker");
        await server.GrantRolesAsync(admin, RoleKeys.FullAdmin, RoleKeys.ComplianceOfficer);
        var unrelated = await server.ClientWithScopesAsync(admin, Scopes.Kms);
        var checkedRoutes = 0;
        foreach (var (method, path, requirement) in BearerRoutes().Where(r => r.Requirement is { AnyOf.Count: > 0 }))
        {
            var url = UrlOf(path);
            var body = method is "POST" or "PUT" ? "{}" : null;
            var denied = await unrelated.SendJsonAsync(new HttpMethod(method), url, body);
            if (method == "HEAD")
            {
                // Same status as GET, and no body to name the scope in.
                Assert.Equal(403, (int)denied.Response.StatusCode);
            }
            else
            {
                denied.AssertWebexError(403);
                Assert.Contains(requirement!.AnyOf[0], denied.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            foreach (var scope in requirement!.AnyOf)
            {
                var client = await server.ClientWithScopesAsync(admin, scope);
                var allowed = await client.SendJsonAsync(new HttpMethod(method), url, body);
                Assert.True((int)allowed.Response.StatusCode != 403, $"{method} {path} with {scope}: {allowed.Body}");
            }
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 40, $"only {checkedRoutes} routes walked");
    }

    [Fact]
    public async Task Creating_a_webhook_needs_the_read_scope_of_its_resource()
    {
        var user = await server.CreateUserAsync("Webhook scopes");
        var roomsOnly = await server.ClientWithScopesAsync(user, Scopes.RoomsRead);
        object Hook(string resource) => new { name = "hook", targetUrl = "https://example.com/hook", resource, @event = "all" };

        var messages = await roomsOnly.PostJsonAsync("/v1/webhooks", Hook("messages"));
        messages.AssertWebexError(403);
        Assert.Contains(Scopes.MessagesRead, messages.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        (await roomsOnly.PostJsonAsync("/v1/webhooks", Hook("all"))).AssertWebexError(403);
        Assert.Equal(200, (int)(await roomsOnly.PostJsonAsync("/v1/webhooks", Hook("rooms"))).Response.StatusCode);
    }

    [Fact]
    public async Task Admin_and_compliance_scopes_need_the_role_at_request_time()
    {
        var user = await server.CreateUserAsync("Scoped admin");
        await server.GrantRolesAsync(user, RoleKeys.FullAdmin);
        var client = await server.ClientWithScopesAsync(user, $"{Scopes.AdminLicensesRead} {Scopes.ComplianceRoomsRead}");
        Assert.Equal(200, (int)(await client.GetJsonAsync("/v1/licenses")).Response.StatusCode);
        // Compliance scopes granted at consent do nothing without the compliance officer role.
        var rooms = await client.GetJsonAsync("/v1/rooms");
        rooms.AssertWebexError(403);
        await server.GrantRolesAsync(user);
        (await client.GetJsonAsync("/v1/licenses")).AssertWebexError(403);
    }

    [Fact]
    public async Task Personal_tokens_carry_the_full_user_set_and_admin_scopes_of_the_roles()
    {
        var user = await server.CreateUserAsync("Plain user");
        Assert.Equal(200, (int)(await user.Client.GetJsonAsync("/v1/organizations")).Response.StatusCode);
        Assert.Equal(200, (int)(await user.Client.GetJsonAsync("/v1/rooms")).Response.StatusCode);
        var licenses = await user.Client.GetJsonAsync("/v1/licenses");
        licenses.AssertWebexError(403);
        Assert.Contains(Scopes.AdminLicensesRead, licenses.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await server.GrantRolesAsync(user, RoleKeys.ReadOnlyAdmin);
        Assert.Equal(200, (int)(await user.Client.GetJsonAsync("/v1/licenses")).Response.StatusCode);
    }

    [Fact]
    public async Task Bot_tokens_carry_the_bot_scope_set_only()
    {
        var bot = await server.CreateUserAsync("Scope bot", PersonType.Bot);
        Assert.Equal(200, (int)(await bot.Client.GetJsonAsync("/v1/rooms")).Response.StatusCode);
        Assert.Equal(200, (int)(await bot.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);
        var orgs = await bot.Client.GetJsonAsync("/v1/organizations");
        orgs.AssertWebexError(403);
        Assert.Contains(Scopes.OrganizationsRead, orgs.Body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
