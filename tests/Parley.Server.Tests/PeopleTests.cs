using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;
using Parley.Core;
using Person = Parley.Core.Person;

namespace Parley.Server.Tests;

public sealed class PeopleTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    /// <summary>Properties of the Person schema in Webex's OpenAPI documents.</summary>
    private static readonly HashSet<string> PersonSchema =
    [
        "addresses", "avatar", "created", "department", "displayName", "emails", "extension", "firstName", "id", "invitePending",
        "lastActivity", "lastModified", "lastName", "licenses", "locationId", "loginEnabled", "manager", "managerId", "nickName",
        "orgId", "phoneNumbers", "roles", "sipAddresses", "siteUrls", "status", "timezone", "title", "type", "xmppFederationJid",
    ];

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 10)];

    private static void AssertPersonShape(JsonNode person)
    {
        foreach (var (key, _) in person.AsObject())
        {
            Assert.Contains(key, PersonSchema);
        }
        Assert.IsType<string>(person["id"]!.GetValue<string>());
        Assert.Single(person["emails"]!.AsArray());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", person["created"]!.GetValue<string>());
        Assert.True(WebexId.TryDecode(person["orgId"]!.GetValue<string>(), out var type, out _));
        Assert.Equal("ORGANIZATION", type);
    }

    [Fact]
    public async Task Non_admin_must_give_email_display_name_or_id()
    {
        var user = await server.CreateUserAsync();
        var result = await user.Client.GetJsonAsync("/v1/people");
        result.AssertWebexError(400);
        Assert.Equal(PeopleService.MissingFilter, result.Body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_admin_may_not_filter_by_org_or_roles()
    {
        var user = await server.CreateUserAsync();
        var me = (await user.Client.GetJsonAsync("/v1/people/me")).Body!;
        (await user.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(user.Email)}&orgId={me["orgId"]}")).AssertWebexError(403);
        (await user.Client.GetJsonAsync($"/v1/people?displayName=a&roles={WebexId.Encode("ROLE", RoleKeys.FullAdmin)}")).AssertWebexError(403);
    }

    [Fact]
    public async Task Email_finds_own_org_bots_anywhere_and_people_sharing_a_space()
    {
        var user = await server.CreateUserAsync();
        var colleague = await server.CreateUserAsync("Colleague");
        var otherOrg = Guid.NewGuid();
        var stranger = await server.CreateUserAsync("Stranger", orgId: otherOrg);
        var bot = await server.CreateUserAsync("Helper Bot", PersonType.Bot, otherOrg);

        var (response, body) = await user.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(colleague.Email.ToUpperInvariant())}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([colleague.Id], body.Ids());
        Assert.Equal("person", body!["items"]![0]!["type"]!.GetValue<string>());
        Assert.NotNull(body["items"]![0]!["status"]);
        Assert.Null(body["items"]![0]!["roles"]);
        Assert.Null(body["notFoundIds"]);

        Assert.Empty((await user.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(stranger.Email)}")).Body.Ids());
        var foundBot = (await user.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(bot.Email)}")).Body!;
        Assert.Equal([bot.Id], foundBot.Ids());
        Assert.Equal("bot", foundBot["items"]![0]!["type"]!.GetValue<string>());
        // Presence belongs to the bot's own org only.
        Assert.Null(foundBot["items"]![0]!["status"]);

        await server.ShareRoomAsync(user.Id, stranger.Id);
        Assert.Equal([stranger.Id], (await user.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(stranger.Email)}")).Body.Ids());
        Assert.Equal([user.Id], (await stranger.Client.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(user.Email)}")).Body.Ids());
    }

    [Fact]
    public async Task Display_name_is_a_case_insensitive_prefix_in_the_callers_org_paged_by_link()
    {
        var prefix = Unique("Zed");
        var names = new[] { $"{prefix} Delta", $"{prefix} alpha", $"{prefix} Charlie", $"{prefix} Bravo", $"{prefix} echo" };
        var people = new List<TestUser>();
        foreach (var name in names)
        {
            people.Add(await server.CreateUserAsync(name));
        }
        await server.CreateUserAsync($"{prefix} Outsider", orgId: Guid.NewGuid());
        var caller = people[0];

        var url = $"/v1/people?displayName={prefix.ToLowerInvariant()}&max=2&excludeStatus=true";
        var seen = new List<string>();
        var pages = 0;
        while (url is not null)
        {
            var (response, body) = await caller.Client.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(body!["items"]!.AsArray().Count <= 2);
            Assert.All(body["items"]!.AsArray(), p => Assert.Null(p!["status"]));
            seen.AddRange(body["items"]!.AsArray().Select(p => p!["displayName"]!.GetValue<string>()));
            var next = response.NextLink();
            if (next is not null)
            {
                var query = AdminTestData.QueryOf(next);
                Assert.Equal(prefix.ToLowerInvariant(), query["displayName"]);
                Assert.Equal("2", query["max"]);
                Assert.Equal("true", query["excludeStatus"]);
                Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + "/v1/people?", next);
                Assert.True(query.ContainsKey("cursor"));
            }
            url = next;
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), seen);
    }

    [Fact]
    public async Task Cursor_filters_govern_over_repeated_parameters_and_a_bad_cursor_is_400()
    {
        var prefix = Unique("Cur");
        for (var i = 0; i < 3; i++)
        {
            await server.CreateUserAsync($"{prefix} {i}");
        }
        var first = await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}&max=2");
        var cursor = AdminTestData.QueryOf(first.Response.NextLink()!)["cursor"];
        var second = await server.Admin.GetJsonAsync($"/v1/people?displayName=Mangled&max=2&cursor={cursor}");
        Assert.Equal([$"{prefix} 2"], second.Body!["items"]!.AsArray().Select(p => p!["displayName"]!.GetValue<string>()));
        Assert.Null(second.Response.NextLink());
        (await server.Admin.GetJsonAsync("/v1/people?displayName=x&cursor=not-a-cursor")).AssertWebexError(400);

        // A hand-made cursor must not list another org, nor a whole org for a non-admin.
        var outsider = await server.CreateUserAsync("Outsider", orgId: Guid.NewGuid());
        var defaultOrg = await server.Services.GetRequiredService<BootstrapService>().DefaultOrgIdAsync();
        var forged = Cursor.Encode(new { orgId = defaultOrg, displayName = prefix, excludeStatus = false, afterName = "", afterId = Guid.Empty });
        (await outsider.Client.GetJsonAsync($"/v1/people?cursor={forged}")).AssertWebexError(400);
        var insider = await server.CreateUserAsync("Insider");
        var wholeOrg = Cursor.Encode(new { orgId = defaultOrg, excludeStatus = false, afterName = "", afterId = Guid.Empty });
        (await insider.Client.GetJsonAsync($"/v1/people?cursor={wholeOrg}")).AssertWebexError(400);
        Assert.Equal(3, (await insider.Client.GetJsonAsync($"/v1/people?cursor={forged}")).Body.Ids().Length);
    }

    [Fact]
    public async Task Ids_come_back_in_requested_order_byte_identical_with_not_found_ids_and_no_presence()
    {
        var a = await server.CreateUserAsync("Id A");
        var b = await server.CreateUserAsync("Id B", orgId: Guid.NewGuid());
        var missing = WebexId.Encode("PEOPLE", Guid.NewGuid());
        var room = WebexId.Encode("ROOM", Guid.NewGuid());
        var bareA = AdminTestData.Uuid(a.Id).ToString();

        var (response, body) = await server.Admin.GetJsonAsync($"/v1/people/?id={b.Id},{missing},{a.Id},{room}&showAllTypes=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([b.Id, a.Id], body.Ids());
        Assert.Equal([missing, room], body!["notFoundIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        foreach (var person in body["items"]!.AsArray())
        {
            AssertPersonShape(person!);
            Assert.Null(person!["status"]);
            Assert.Null(person["lastActivity"]);
            // Not even admins get admin fields on an ID lookup.
            Assert.Null(person["roles"]);
            Assert.Null(person["invitePending"]);
        }

        var bare = await b.Client.GetJsonAsync($"/v1/people?id={bareA}");
        Assert.Equal([a.Id], bare.Body.Ids());
        Assert.Null(bare.Body!["notFoundIds"]);
    }

    [Fact]
    public async Task More_than_85_ids_or_a_malformed_id_is_400()
    {
        var user = await server.CreateUserAsync();
        var ids = string.Join(',', Enumerable.Range(0, 86).Select(_ => WebexId.Encode("PEOPLE", Guid.NewGuid())));
        (await user.Client.GetJsonAsync($"/v1/people?id={ids}")).AssertWebexError(400);
        var exactly85 = string.Join(',', Enumerable.Range(0, 85).Select(_ => WebexId.Encode("PEOPLE", Guid.NewGuid())));
        var ok = await user.Client.GetJsonAsync($"/v1/people?id={exactly85}");
        Assert.Equal(85, ok.Body!["notFoundIds"]!.AsArray().Count);
        (await user.Client.GetJsonAsync("/v1/people?id=not*an*id")).AssertWebexError(400);
    }

    [Fact]
    public async Task Admin_lists_the_whole_org_with_admin_fields_and_filters_by_role_and_org()
    {
        var admin = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!;
        var name = Unique("Holder");
        var userAdmin = await server.CreateWithRolesAsync(name, null, RoleKeys.UserAdmin);
        var plain = await server.CreateUserAsync(name + " Plain");
        var outsider = await server.CreateUserAsync("Outsider", orgId: Guid.NewGuid());

        var all = new List<JsonNode>();
        string? url = "/v1/people?max=1000";
        while (url is not null)
        {
            var page = await server.Admin.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
            all.AddRange(page.Body!["items"]!.AsArray().Select(p => p!));
            url = page.Response.NextLink();
        }
        Assert.Contains(all, p => p["id"]!.GetValue<string>() == userAdmin.Id);
        Assert.DoesNotContain(all, p => p["id"]!.GetValue<string>() == outsider.Id);
        var self = all.Single(p => p["id"]!.GetValue<string>() == admin["id"]!.GetValue<string>());
        AssertPersonShape(self);
        Assert.Equal([WebexId.Encode("ROLE", RoleKeys.FullAdmin)], self["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Single(self["licenses"]!.AsArray());
        // Roles are read for the whole page at once and still land on the right person.
        Assert.Equal([WebexId.Encode("ROLE", RoleKeys.UserAdmin)],
            all.Single(p => p["id"]!.GetValue<string>() == userAdmin.Id)["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(self["invitePending"]!.GetValue<bool>());
        Assert.True(self["loginEnabled"]!.GetValue<bool>());

        var byRole = await server.Admin.GetJsonAsync($"/v1/people?displayName={name}&roles={WebexId.Encode("ROLE", RoleKeys.UserAdmin)},{RoleKeys.ReadOnlyAdmin}&orgId={admin["orgId"]}");
        Assert.Equal([userAdmin.Id], byRole.Body.Ids());
        Assert.Equal(2, (await server.Admin.GetJsonAsync($"/v1/people?displayName={name}")).Body.Ids().Length);
        var idsAndRole = (await server.Admin.GetJsonAsync($"/v1/people?id={plain.Id},{userAdmin.Id}&roles={RoleKeys.UserAdmin}")).Body!;
        Assert.Equal([userAdmin.Id], idsAndRole.Ids());
        Assert.Equal([plain.Id], idsAndRole["notFoundIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        (await server.Admin.GetJsonAsync("/v1/people?roles=no_such_role")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/people?orgId={WebexId.Encode("ORGANIZATION", Guid.NewGuid())}")).AssertWebexError(403);
    }

    [Fact]
    public async Task Max_is_clamped_to_100_with_calling_data_and_must_be_positive()
    {
        var prefix = Unique("Many");
        await server.Services.GetRequiredService<IDataStore>().WriteAsync(async s =>
        {
            var org = (await s.Organizations.ListAsync())[0].Id;
            for (var i = 0; i < 101; i++)
            {
                s.People.Add(new Person
                {
                    Id = Guid.CreateVersion7(), OrgId = org, Email = $"{prefix}.{i}@example.com".ToLowerInvariant(), DisplayName = $"{prefix} {i:D3}",
                    Created = DateTime.UtcNow, LastModified = DateTime.UtcNow, LoginEnabled = true,
                });
            }
            return true;
        });
        var (response, body) = await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}&callingData=true&max=500");
        Assert.Equal(100, body!["items"]!.AsArray().Count);
        Assert.Equal("100", AdminTestData.QueryOf(response.NextLink()!)["max"]);
        Assert.Equal("true", AdminTestData.QueryOf(response.NextLink()!)["callingData"]);
        var rest = await server.Admin.GetJsonAsync(response.NextLink()!);
        Assert.Single(rest.Body!["items"]!.AsArray());
        Assert.Null(rest.Response.NextLink());

        (await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}&max=0")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}&max=ten")).AssertWebexError(400);
        (await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}&callingData=maybe")).AssertWebexError(400);
    }

    [Fact]
    public async Task Read_only_admin_sees_admin_fields_but_cannot_change_people()
    {
        var reader = await server.CreateWithRolesAsync("Reader", null, RoleKeys.ReadOnlyAdmin);
        var target = await server.CreateUserAsync("Target");
        var got = (await reader.Client.GetJsonAsync($"/v1/people/{target.Id}")).Body!;
        Assert.NotNull(got["roles"]);
        Assert.NotNull(got["loginEnabled"]);
        Assert.NotEmpty((await reader.Client.GetJsonAsync("/v1/people")).Body.Ids());

        (await reader.Client.PostJsonAsync("/v1/people", new { emails = new[] { $"{Unique("ro")}@example.com" }, displayName = "X" })).AssertWebexError(403);
        (await reader.Client.PutJsonAsync($"/v1/people/{target.Id}", new { displayName = "Changed" })).AssertWebexError(403);
        (await reader.Client.DeleteJsonAsync($"/v1/people/{target.Id}")).AssertWebexError(403);
        Assert.Equal("Target", (await server.Admin.GetJsonAsync($"/v1/people/{target.Id}")).Body!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_creates_a_pending_person_with_derived_name_valid_roles_and_available_licenses()
    {
        var licenses = (await server.Admin.GetJsonAsync("/v1/licenses")).Body!["items"]!.AsArray();
        var messaging = licenses.Single(l => l!["name"]!.GetValue<string>() == "Advanced Messaging")!["id"]!.GetValue<string>();
        var email = $"{Unique("new")}@Example.com";
        var (response, body) = await server.Admin.PostJsonAsync("/v1/people", new
        {
            emails = new[] { email, "ignored@example.com" },
            firstName = "Ada",
            lastName = "Lovelace",
            roles = new[] { WebexId.Encode("ROLE", RoleKeys.UserAdmin) },
            licenses = new[] { messaging, WebexId.Encode("LICENSE", Guid.NewGuid()), "garbage" },
            title = "Countess",
            addresses = new[] { new { type = "work", country = "GB", locality = "London" } },
            phoneNumbers = new[] { new { type = "mobile", value = "+44 20 0000 0000" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body);
        AssertPersonShape(body);
        Assert.Equal("Ada Lovelace", body["displayName"]!.GetValue<string>());
        Assert.Equal([email.ToLowerInvariant()], body["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal([WebexId.Encode("ROLE", RoleKeys.UserAdmin)], body["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal([messaging], body["licenses"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(body["invitePending"]!.GetValue<bool>());
        Assert.True(body["loginEnabled"]!.GetValue<bool>());
        Assert.Equal("pending", body["status"]!.GetValue<string>());
        Assert.Equal("person", body["type"]!.GetValue<string>());
        Assert.Equal("Countess", body["title"]!.GetValue<string>());
        Assert.Equal("London", body["addresses"]![0]!["locality"]!.GetValue<string>());
        Assert.Equal("mobile", body["phoneNumbers"]![0]!["type"]!.GetValue<string>());
        Assert.Null(body["nickName"]);

        var fetched = (await server.Admin.GetJsonAsync($"/v1/people/{body["id"]}")).Body!;
        Assert.Equal(body.ToJsonString(), fetched.ToJsonString());

        var min = await server.Admin.PostJsonAsync("/v1/people?minResponse=true", new { emails = new[] { $"{Unique("min")}@example.com" }, displayName = "Min" });
        Assert.Equal(HttpStatusCode.OK, min.Response.StatusCode);
        Assert.Equal(["id"], min.Body!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Create_accepts_a_form_encoded_body()
    {
        var email = $"{Unique("form")}@example.com";
        var role = WebexId.Encode("ROLE", RoleKeys.ReadOnlyAdmin);
        using var form = new FormUrlEncodedContent([new("emails", email), new("firstName", "Form"), new("roles", role), new("loginEnabled", "False")]);
        var response = await server.Admin.PostAsync("/v1/people", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Form", body["displayName"]!.GetValue<string>());
        Assert.Equal([role], body["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(body["loginEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_rejects_bad_input_and_used_email_without_storing_anything()
    {
        var existing = await server.CreateUserAsync("Existing");
        var email = $"{Unique("bad")}@example.com";
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { existing.Email.ToUpperInvariant() }, displayName = "Dup" })).AssertWebexError(409);
        (await server.Admin.PostJsonAsync("/v1/people", new { displayName = "No email" })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { "not-an-email" }, displayName = "X" })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email } })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", roles = new[] { "id_nope" } })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", "{\"emails\": [\"" + email + "\"], \"displayName\": ")).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", loginEnabled = "often" })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", addresses = "nowhere" })).AssertWebexError(400);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", orgId = WebexId.Encode("ORGANIZATION", Guid.NewGuid()) })).AssertWebexError(403);
        (await server.Admin.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", extension = "1234" })).AssertWebexError(400);

        Assert.Null(await server.ReadStoreAsync(s => s.People.GetByEmailAsync(email)));
        Assert.Equal("Existing", (await server.Admin.GetJsonAsync($"/v1/people/{existing.Id}")).Body!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_people_administrators_create_and_user_admins_cannot_grant_full_admin()
    {
        var user = await server.CreateUserAsync();
        var bot = await server.CreateUserAsync("Bot", PersonType.Bot);
        var email = $"{Unique("perm")}@example.com";
        (await user.Client.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X" })).AssertWebexError(403);
        (await bot.Client.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X" })).AssertWebexError(403);

        var userAdmin = await server.CreateWithRolesAsync("User Admin", null, RoleKeys.UserAdmin);
        (await userAdmin.Client.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X", roles = new[] { RoleKeys.FullAdmin } })).AssertWebexError(403);
        Assert.Null(await server.ReadStoreAsync(s => s.People.GetByEmailAsync(email)));
        var created = await userAdmin.Client.PostJsonAsync("/v1/people", new { emails = new[] { email }, displayName = "X" });
        Assert.Equal(HttpStatusCode.OK, created.Response.StatusCode);
    }

    [Fact]
    public async Task Update_replaces_details_clears_absent_fields_and_forces_nick_name_to_first_name()
    {
        var created = (await server.Admin.PostJsonAsync("/v1/people", new
        {
            emails = new[] { $"{Unique("upd")}@example.com" },
            displayName = "Before",
            firstName = "Bea",
            title = "Old title",
            department = "Old dept",
            roles = new[] { RoleKeys.UserAdmin },
        })).Body!;
        var id = created["id"]!.GetValue<string>();
        var newEmail = $"{Unique("moved")}@example.com";

        var (response, body) = await server.Admin.PutJsonAsync($"/v1/people/{id}", new
        {
            emails = new[] { newEmail },
            displayName = "After",
            firstName = "Bee",
            nickName = "Ignored",
            department = "New dept",
            loginEnabled = false,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body);
        AssertPersonShape(body);
        Assert.Equal("After", body["displayName"]!.GetValue<string>());
        Assert.Equal("Bee", body["nickName"]!.GetValue<string>());
        Assert.Equal("New dept", body["department"]!.GetValue<string>());
        Assert.Null(body["title"]);
        Assert.Empty(body["roles"]!.AsArray());
        Assert.False(body["loginEnabled"]!.GetValue<bool>());
        Assert.Equal([newEmail], body["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(created["orgId"]!.GetValue<string>(), body["orgId"]!.GetValue<string>());
        Assert.Equal(body.ToJsonString(), (await server.Admin.GetJsonAsync($"/v1/people/{id}")).Body!.ToJsonString());

        // A whole object PUT back as it was fetched is accepted.
        var roundTrip = await server.Admin.PutJsonAsync($"/v1/people/{id}", body);
        Assert.Equal(HttpStatusCode.OK, roundTrip.Response.StatusCode);
        Assert.Equal("After", roundTrip.Body!["displayName"]!.GetValue<string>());

        var min = await server.Admin.PutJsonAsync($"/v1/people/{id}?minResponse=true", new { displayName = "Minimal" });
        Assert.Equal(HttpStatusCode.NoContent, min.Response.StatusCode);
        Assert.Null(min.Body);
        var after = (await server.Admin.GetJsonAsync($"/v1/people/{id}")).Body!;
        Assert.Equal("Minimal", after["displayName"]!.GetValue<string>());
        Assert.Equal([newEmail], after["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Null(after["department"]);
    }

    [Fact]
    public async Task A_renamed_person_is_found_by_the_new_name_only_and_stays_found_after_other_changes()
    {
        var before = Unique("Before");
        var after = Unique("After");
        var person = await server.CreateUserAsync(before);
        async Task<string[]> FoundAsync(string prefix) => (await server.Admin.GetJsonAsync($"/v1/people?displayName={prefix}")).Body.Ids();
        Assert.Equal([person.Id], await FoundAsync(before));

        Assert.Equal(HttpStatusCode.OK, (await server.Admin.PutJsonAsync($"/v1/people/{person.Id}", new { displayName = after })).Response.StatusCode);
        Assert.Empty(await FoundAsync(before));
        Assert.Equal([person.Id], await FoundAsync(after.ToLowerInvariant()));

        Assert.Equal(HttpStatusCode.OK,
            (await server.Admin.PutJsonAsync($"/v1/people/{person.Id}", new { displayName = after, title = "Engineer" })).Response.StatusCode);
        Assert.Equal([person.Id], await FoundAsync(after));
        Assert.Equal("Engineer", (await server.Admin.GetJsonAsync($"/v1/people/{person.Id}")).Body!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_rejects_non_admins_bad_input_used_email_and_unknown_people_without_changes()
    {
        var user = await server.CreateUserAsync("Self");
        var other = await server.CreateUserAsync("Other");
        var foreign = await server.CreateUserAsync("Foreign", orgId: Guid.NewGuid());
        (await user.Client.PutJsonAsync($"/v1/people/{user.Id}", new { displayName = "Renamed" })).AssertWebexError(403);
        (await server.Admin.PutJsonAsync($"/v1/people/{user.Id}", new { emails = new[] { other.Email }, displayName = "Renamed" })).AssertWebexError(409);
        (await server.Admin.PutJsonAsync($"/v1/people/{user.Id}", new { firstName = "No display name" })).AssertWebexError(400);
        (await server.Admin.PutJsonAsync($"/v1/people/{user.Id}", new { displayName = "Renamed", roles = new[] { "bogus" } })).AssertWebexError(400);
        (await server.Admin.PutJsonAsync($"/v1/people/{user.Id}", "[1,2")).AssertWebexError(400);
        (await server.Admin.PutJsonAsync($"/v1/people/{user.Id}", new { displayName = 42 })).AssertWebexError(400);
        (await server.Admin.PutJsonAsync($"/v1/people/{WebexId.Encode("PEOPLE", Guid.NewGuid())}", new { displayName = "Nobody" })).AssertWebexError(404);
        (await server.Admin.PutJsonAsync($"/v1/people/{WebexId.Encode("ROOM", Guid.NewGuid())}", new { displayName = "Nobody" })).AssertWebexError(404);
        (await server.Admin.PutJsonAsync("/v1/people/%%%", new { displayName = "Nobody" })).AssertWebexError(400);
        (await server.Admin.PutJsonAsync($"/v1/people/{foreign.Id}", new { displayName = "Hijacked" })).AssertWebexError(403);
        var bot = await server.CreateUserAsync("Bot", PersonType.Bot);
        (await server.Admin.PutJsonAsync($"/v1/people/{bot.Id}", new { displayName = "Admin bot", roles = new[] { RoleKeys.FullAdmin } })).AssertWebexError(400);
        (await bot.Client.GetJsonAsync("/v1/roles")).AssertWebexError(403);

        Assert.Equal("Self", (await server.Admin.GetJsonAsync($"/v1/people/{user.Id}")).Body!["displayName"]!.GetValue<string>());
        Assert.Equal("Foreign", (await server.Admin.GetJsonAsync($"/v1/people/{foreign.Id}")).Body!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_revokes_tokens_and_memberships_and_then_the_person_is_gone()
    {
        var doomed = await server.CreateUserAsync("Doomed");
        var friend = await server.CreateUserAsync("Friend");
        var room = await server.ShareRoomAsync(doomed.Id, friend.Id);
        var before = await doomed.Client.GetJsonAsync("/v1/people/me");
        Assert.Equal(HttpStatusCode.OK, before.Response.StatusCode);

        (await friend.Client.DeleteJsonAsync($"/v1/people/{doomed.Id}")).AssertWebexError(403);
        var deleted = await server.Admin.DeleteJsonAsync($"/v1/people/{doomed.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Response.StatusCode);
        Assert.Null(deleted.Body);

        (await doomed.Client.GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        (await server.Admin.GetJsonAsync($"/v1/people/{doomed.Id}")).AssertWebexError(404);
        Assert.Empty((await server.Admin.GetJsonAsync($"/v1/people?email={Uri.EscapeDataString(doomed.Email)}")).Body.Ids());
        var members = await server.ReadStoreAsync(s => s.Memberships.ListAllByRoomAsync(room));
        Assert.Equal([AdminTestData.Uuid(friend.Id)], members.Select(m => m.PersonId));
        (await server.Admin.DeleteJsonAsync($"/v1/people/{doomed.Id}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Admin_cannot_delete_people_of_another_org()
    {
        var foreign = await server.CreateUserAsync("Foreign", orgId: Guid.NewGuid());
        (await server.Admin.DeleteJsonAsync($"/v1/people/{foreign.Id}")).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.OK, (await foreign.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);
    }
}
