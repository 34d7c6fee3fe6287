using System.Net;
using System.Text.Json.Nodes;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class LicenseTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private static readonly string[] LicenseSchema =
        ["consumedByUsers", "consumedByWorkspaces", "consumedUnits", "id", "name", "siteType", "siteUrl", "subscriptionId", "totalUnits", "users"];

    private async Task<JsonNode> MessagingAsync() =>
        (await server.Admin.GetJsonAsync("/v1/licenses")).Body!["items"]!.AsArray()
            .Single(l => l!["name"]!.GetValue<string>() == "Advanced Messaging")!;

    [Fact]
    public async Task List_shows_the_seeded_licenses_with_consumption_from_holders()
    {
        var orgId = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!["orgId"]!.GetValue<string>();
        var (response, body) = await server.Admin.GetJsonAsync($"/v1/licenses?orgId={orgId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = body!["items"]!.AsArray();
        Assert.Contains(items, l => l!["name"]!.GetValue<string>() == "Advanced Messaging");
        foreach (var license in items)
        {
            Assert.All(license!.AsObject(), p => Assert.Contains(p.Key, LicenseSchema));
            Assert.True(WebexId.TryDecode(license["id"]!.GetValue<string>(), out var type, out _));
            Assert.Equal("LICENSE", type);
            Assert.Equal(license["consumedUnits"]!.GetValue<int>(), license["consumedByUsers"]!.GetValue<int>());
            Assert.Equal(0, license["consumedByWorkspaces"]!.GetValue<int>());
            Assert.True(license["totalUnits"]!.GetValue<int>() > 0);
            Assert.Null(license["users"]);
        }

        var before = (await MessagingAsync())["consumedUnits"]!.GetValue<int>();
        await server.Admin.PostJsonAsync("/v1/people", new
        {
            emails = new[] { $"lic{Guid.NewGuid():N}@example.com" }, displayName = "Licensed", licenses = new[] { (await MessagingAsync())["id"]!.GetValue<string>() },
        });
        Assert.Equal(before + 1, (await MessagingAsync())["consumedUnits"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_pages_with_link_and_rejects_non_admins_and_other_orgs()
    {
        var first = await server.Admin.GetJsonAsync("/v1/licenses?max=2");
        Assert.Equal(2, first.Body!["items"]!.AsArray().Count);
        var next = first.Response.NextLink()!;
        Assert.Equal("2", AdminTestData.QueryOf(next)["max"]);
        var second = await server.Admin.GetJsonAsync(next);
        Assert.Single(second.Body!["items"]!.AsArray());
        Assert.Null(second.Response.NextLink());
        Assert.Empty(first.Body.Ids().Intersect(second.Body.Ids()));

        var user = await server.CreateUserAsync();
        (await user.Client.GetJsonAsync("/v1/licenses")).AssertWebexError(403);
        (await server.Admin.GetJsonAsync($"/v1/licenses?orgId={WebexId.Encode("ORGANIZATION", Guid.NewGuid())}")).AssertWebexError(403);
        (await server.Admin.GetJsonAsync("/v1/licenses?max=0")).AssertWebexError(400);
        var reader = await server.CreateWithRolesAsync("Reader", null, RoleKeys.ReadOnlyAdmin);
        Assert.Equal(3, (await reader.Client.GetJsonAsync("/v1/licenses")).Body.Ids().Length);
    }

    [Fact]
    public async Task Get_includes_assigned_users_paged_by_limit_and_next()
    {
        var basic = (await server.Admin.GetJsonAsync("/v1/licenses")).Body!["items"]!.AsArray()
            .Single(l => l!["name"]!.GetValue<string>() == "Basic Meetings")!["id"]!.GetValue<string>();
        var holders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { $"holder{i}.{Guid.NewGuid():N}@example.com" }, displayName = $"Holder {i}", licenses = new[] { basic } });
            holders.Add(created.Body!["id"]!.GetValue<string>());
        }

        var plain = await server.Admin.GetJsonAsync($"/v1/licenses/{basic}");
        Assert.Equal(HttpStatusCode.OK, plain.Response.StatusCode);
        Assert.Equal(3, plain.Body!["consumedUnits"]!.GetValue<int>());
        Assert.Null(plain.Body["users"]);

        var users = new List<JsonNode>();
        string? url = $"/v1/licenses/{basic}?includeAssignedTo=user&limit=2";
        var pages = 0;
        while (url is not null)
        {
            var page = await server.Admin.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
            users.AddRange(page.Body!["users"]!.AsArray().Select(u => u!));
            url = page.Response.NextLink();
            if (url is not null)
            {
                Assert.Equal("user", AdminTestData.QueryOf(url)["includeAssignedTo"]);
                // Webex clients pass the opaque value back as `next`.
                url = $"/v1/licenses/{basic}?includeAssignedTo=user&limit=2&next={AdminTestData.QueryOf(url)["cursor"]}";
            }
            pages++;
        }
        Assert.Equal(2, pages);
        Assert.Equal(holders.Order(), users.Select(u => u["id"]!.GetValue<string>()).Order());
        Assert.All(users, u =>
        {
            Assert.Equal(["displayName", "email", "id", "type"], u.AsObject().Select(p => p.Key).Order());
            Assert.Equal("INTERNAL", u["type"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Get_rejects_non_admins_unknown_ids_and_bad_parameters()
    {
        var id = (await MessagingAsync())["id"]!.GetValue<string>();
        var user = await server.CreateUserAsync();
        (await user.Client.GetJsonAsync($"/v1/licenses/{id}")).AssertWebexError(403);
        (await server.Admin.GetJsonAsync($"/v1/licenses/{WebexId.Encode("LICENSE", Guid.NewGuid())}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync($"/v1/licenses/{WebexId.Encode("PEOPLE", Guid.NewGuid())}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync("/v1/licenses/not*valid")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/licenses/{id}?includeAssignedTo=device")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/licenses/{id}?includeAssignedTo=user&limit=-1")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/licenses/{id}?includeAssignedTo=user&next=garbage")).AssertWebexError(400);

        var foreignAdmin = await server.CreateWithRolesAsync("Foreign admin", Guid.NewGuid(), RoleKeys.FullAdmin);
        (await foreignAdmin.Client.GetJsonAsync($"/v1/licenses/{id}")).AssertWebexError(404);
    }
}
