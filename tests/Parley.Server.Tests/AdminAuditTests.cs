using System.Net;
using System.Text.Json.Nodes;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class AdminAuditTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private static readonly string[] EventSchema = ["actorId", "actorOrgId", "created", "data", "id", "orgId"];

    private static readonly string[] DataSchema =
    [
        "actorOrgName", "targetName", "eventDescription", "actorName", "actorEmail", "adminRoles", "trackingId", "targetType",
        "targetId", "eventCategory", "actorUserAgent", "actorIp", "targetOrgId", "actionText", "targetOrgName", "errorMessage", "errorCode",
    ];

    private static string Window(string orgId) =>
        $"orgId={orgId}&from={Uri.EscapeDataString(DateTime.UtcNow.AddDays(-364).ToString("O"))}&to={Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(1).ToString("O"))}";

    private async Task<string> OrgIdAsync() => (await server.Admin.GetJsonAsync("/v1/people/me")).Body!["orgId"]!.GetValue<string>();

    [Fact]
    public async Task People_changes_are_recorded_newest_first_with_actor_and_target()
    {
        var orgId = await OrgIdAsync();
        var me = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!;
        var email = $"audit{Guid.NewGuid():N}@example.com";
        var id = (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "Audited" })).Body!["id"]!.GetValue<string>();
        await server.Admin.PutJsonAsync($"/v1/people/{id}", new { displayName = "Audited Again" });
        await server.Admin.DeleteJsonAsync($"/v1/people/{id}");

        var (response, body) = await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&eventCategories=USERS&offset=0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mine = body!["items"]!.AsArray().Where(e => e!["data"]!["targetId"]!.GetValue<string>() == id).ToList();
        Assert.Equal(3, mine.Count);
        Assert.StartsWith("Deleted", mine[0]!["data"]!["actionText"]!.GetValue<string>());
        Assert.StartsWith("Updated", mine[1]!["data"]!["actionText"]!.GetValue<string>());
        Assert.StartsWith("Created", mine[2]!["data"]!["actionText"]!.GetValue<string>());
        foreach (var e in mine)
        {
            Assert.All(e!.AsObject(), p => Assert.Contains(p.Key, EventSchema));
            Assert.All(e["data"]!.AsObject(), p => Assert.Contains(p.Key, DataSchema));
            Assert.Equal(me["id"]!.GetValue<string>(), e["actorId"]!.GetValue<string>());
            Assert.Equal(orgId, e["actorOrgId"]!.GetValue<string>());
            Assert.Equal(orgId, e["orgId"]!.GetValue<string>());
            Assert.Equal("USERS", e["data"]!["eventCategory"]!.GetValue<string>());
            Assert.Equal("admin@parley.local", e["data"]!["actorEmail"]!.GetValue<string>());
            Assert.Equal(["Full Administrator"], e["data"]!["adminRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e["created"]!.GetValue<string>());
        }

        var byActor = await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&actorId={me["id"]}");
        Assert.True(byActor.Body!["items"]!.AsArray().Count >= 3);
        var stranger = WebexId.Encode("PEOPLE", Guid.NewGuid());
        Assert.Empty((await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&actorId={stranger}")).Body!["items"]!.AsArray());
        Assert.Empty((await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&eventCategories=LOGINS")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Events_page_by_max_and_offset_with_a_link()
    {
        var orgId = await OrgIdAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { $"page{i}.{Guid.NewGuid():N}@example.com" }, displayName = $"Paged {i}" });
        }
        var all = (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&max=500")).Body.Ids();
        Assert.True(all.Length >= 3);

        var seen = new List<string>();
        string? url = $"/v1/adminAudit/events?{Window(orgId)}&max=2&offset=0";
        while (url is not null)
        {
            var page = await server.Admin.GetJsonAsync(url);
            Assert.True(page.Body!["items"]!.AsArray().Count <= 2);
            seen.AddRange(page.Body.Ids());
            url = page.Response.NextLink();
            if (url is not null)
            {
                Assert.Equal("2", AdminTestData.QueryOf(url)["max"]);
                Assert.Equal(orgId, AdminTestData.QueryOf(url)["orgId"]);
            }
        }
        Assert.Equal(all, seen);
        Assert.Equal(all[1..], (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&offset=1")).Body.Ids());
    }

    [Fact]
    public async Task Required_parameters_and_full_admin_role_are_enforced()
    {
        var orgId = await OrgIdAsync();
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTime.UtcNow.ToString("O"));
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?from={from}&to={to}")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?orgId={orgId}&to={to}")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?orgId={orgId}&from={from}")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?orgId={orgId}&from=yesterday&to={to}")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?orgId={orgId}&from={to}&to={from}")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&offset=-1")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&max=0")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}&actorId=bad*id")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/adminAudit/events?{Window(WebexId.Encode("ORGANIZATION", Guid.NewGuid()))}")).AssertWebexError(403);

        var userAdmin = await server.CreateWithRolesAsync("User admin", null, RoleKeys.UserAdmin);
        (await userAdmin.Client.GetJsonAsync($"/v1/adminAudit/events?{Window(orgId)}")).AssertWebexError(403);
        (await userAdmin.Client.GetJsonAsync("/v1/adminAudit/eventCategories")).AssertWebexError(403);
    }

    [Fact]
    public async Task Categories_list_what_is_recorded_and_org_deletion_is_recorded()
    {
        var (response, body) = await server.Admin.GetJsonAsync("/v1/adminAudit/eventCategories");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["eventCategories"], body!.AsObject().Select(p => p.Key));
        Assert.Equal(["USERS", "ORG_SETTINGS"], body["eventCategories"]!.AsArray().Select(c => c!.GetValue<string>()));

        var orgId = Guid.NewGuid();
        var encoded = WebexId.Encode("ORGANIZATION", orgId);
        var owner = await server.CreateWithRolesAsync("Owner", orgId, RoleKeys.FullAdmin);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteJsonAsync($"/v1/organizations/{encoded}")).Response.StatusCode);
        var events = await server.ReadStoreAsync(s => s.AuditEvents.ListAsync(new AuditEventQuery(orgId, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddHours(1), null, null), 0, 10));
        var recorded = Assert.Single(events);
        Assert.Equal("ORG_SETTINGS", recorded.Category);
        Assert.Equal(encoded, JsonNode.Parse(recorded.DataJson)!["targetId"]!.GetValue<string>());
    }
}
