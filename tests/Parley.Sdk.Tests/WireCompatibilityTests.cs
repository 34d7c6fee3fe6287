using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

/// <summary>
/// Drives every resource through the SDK and checks what crossed the wire against Webex's expectations: the paths and
/// query names, the status codes, that each next page is requested at exactly the <c>Link</c> URL, that request and
/// response field names are Webex's (api/webex-schemas.json), and that the SDK's models keep every field they receive.
/// </summary>
public sealed class WireCompatibilityTests(SdkServer server) : IClassFixture<SdkServer>
{
    private static readonly JsonObject _schemas =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "webex-schemas.json")))!.AsObject();

    /// <summary>Collection path → schema of its objects.</summary>
    private static readonly Dictionary<string, string> _schemaOf = new()
    {
        ["people"] = "Person",
        ["rooms"] = "Room",
        ["teams"] = "Team",
        ["memberships"] = "Membership",
        ["team/memberships"] = "TeamMembership",
        ["messages"] = "Message",
        ["organizations"] = "Organization",
        ["licenses"] = "License",
        ["roles"] = "Role",
    };

    /// <summary>Request fields Webex documents for a create that its response schema lacks.</summary>
    private static readonly Dictionary<string, string[]> _requestOnlyFields = new()
    {
        ["Message"] = ["parentId"],
    };

    [Fact]
    public async Task Every_request_and_response_of_a_full_session_has_webex_paths_fields_and_status_codes()
    {
        var (alice, aliceUser, traffic) = await server.NewUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var (admin, adminTraffic) = server.Client(ParleyServer.AdminToken);

        var team = await alice.Teams.CreateAsync(new TeamRequest { Name = "Wire", Description = "checks" });
        await alice.Teams.UpdateAsync(team.Id, new TeamRequest { Name = "Wire 2" });
        var teamMember = await alice.TeamMemberships.CreateAsync(new CreateTeamMembershipRequest { TeamId = team.Id, PersonEmail = bob.Email });
        await alice.TeamMemberships.UpdateAsync(teamMember.Id, new UpdateTeamMembershipRequest { IsModerator = true });
        await alice.TeamMemberships.ListAsync(new TeamMembershipListOptions { TeamId = team.Id, Max = 1 }).ToListAsync();
        var room = await alice.Rooms.CreateAsync(new CreateRoomRequest { Title = "Wire room", TeamId = team.Id, Description = "d", IsLocked = false });
        await alice.Rooms.UpdateAsync(room.Id, new UpdateRoomRequest { Title = "Wire room 2", IsLocked = true });
        var membership = await alice.Memberships.CreateAsync(new CreateMembershipRequest { RoomId = room.Id, PersonId = bob.Id, IsModerator = false });
        await alice.Memberships.UpdateAsync(membership.Id, new UpdateMembershipRequest { IsModerator = true });
        await alice.Memberships.ListAsync(new MembershipListOptions { RoomId = room.Id, Max = 1 }).ToListAsync();
        var first = await alice.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Markdown = "one " + Mention.Person(bob.Id, "Bob") });
        await alice.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, ParentId = first.Id, Text = "two" });
        await alice.Messages.CreateAsync(new CreateMessageRequest { ToPersonId = bob.Id, Text = "direct" });
        await alice.Messages.UpdateAsync(first.Id, new UpdateMessageRequest { RoomId = room.Id, Text = "one, edited" });
        await alice.Messages.ListAsync(new MessageListOptions { RoomId = room.Id, Max = 1 }).ToListAsync();
        await alice.Messages.ListDirectAsync(new DirectMessageListOptions { PersonEmail = bob.Email }).ToListAsync();
        await alice.Rooms.ListAsync(new RoomListOptions { Max = 1, Type = "group" }).ToListAsync();
        await alice.Teams.ListAsync(new TeamListOptions { Max = 1 }).ToListAsync();
        await alice.People.ListAsync(new PersonListOptions { Ids = [aliceUser.Id, bob.Id], Max = 1 }).ToListAsync();
        await alice.Messages.DeleteAsync(first.Id);
        await alice.Memberships.DeleteAsync(membership.Id);
        await alice.Rooms.DeleteAsync(room.Id);
        await alice.TeamMemberships.DeleteAsync(teamMember.Id);
        await alice.Teams.DeleteAsync(team.Id);
        var person = await admin.People.CreateAsync(new CreatePersonRequest { Emails = [$"w.{Guid.NewGuid():N}@example.com"], DisplayName = "W", Department = "QA" });
        await admin.People.DeleteAsync(person.Id);
        await admin.Organizations.ListAsync().ToListAsync();
        await admin.Licenses.ListAsync(new LicenseListOptions { Max = 1 }).ToListAsync();
        await admin.Roles.ListAsync().ToListAsync();

        var exchanges = traffic.Exchanges.Concat(adminTraffic.Exchanges).ToList();
        Assert.All(exchanges, CheckExchange);
        Assert.Contains(exchanges, e => e.Link is not null);
        CheckLinksAreFollowedExactly(traffic.Exchanges);
        CheckLinksAreFollowedExactly(adminTraffic.Exchanges);
    }

    private static void CheckExchange(Exchange exchange)
    {
        var path = exchange.Url.AbsolutePath;
        Assert.StartsWith("/v1/", path, StringComparison.Ordinal);
        var segments = path["/v1/".Length..];
        var collection = _schemaOf.Keys.Where(k => segments == k || segments.StartsWith(k + "/", StringComparison.Ordinal)).MaxBy(k => k.Length);
        Assert.True(collection is not null, $"{path} is not a Webex collection");
        var schema = _schemaOf[collection];
        var isItem = segments != collection && segments != "messages/direct";

        Assert.StartsWith("Bearer ", exchange.Authorization, StringComparison.Ordinal);
        Assert.Equal(exchange.RequestBody is null ? null : "application/json; charset=utf-8", exchange.RequestContentType);

        // Webex: 200 with the object for GET/POST/PUT, 204 with no body for DELETE.
        Assert.Equal(exchange.Method == HttpMethod.Delete ? 204 : 200, exchange.Status);
        if (exchange.Method == HttpMethod.Delete)
        {
            Assert.Equal("", exchange.ResponseBody);
            return;
        }
        foreach (var (name, _) in System.Web.HttpUtility.ParseQueryString(exchange.Url.Query).AllKeys.Select(k => (k!, 0)))
        {
            Assert.Contains(name, new[] { "max", "cursor", "roomId", "personId", "personEmail", "teamId", "parentId", "type", "id", "email", "orgId" });
        }
        if (exchange.RequestBody is { } requestBody)
        {
            var allowed = Fields(schema).Concat(_requestOnlyFields.GetValueOrDefault(schema, []));
            Assert.All(JsonNode.Parse(requestBody)!.AsObject(), field => Assert.Contains(field.Key, allowed));
        }
        var body = JsonNode.Parse(exchange.ResponseBody)!.AsObject();
        var objects = exchange.Method == HttpMethod.Get && !isItem
            ? body["items"]!.AsArray().Select(n => n!.AsObject()).ToList()
            : [body];
        foreach (var item in objects)
        {
            WebexSchema.AssertConforms(item, schema);
            AssertModelKeepsEveryField(item, schema);
        }
    }

    /// <summary>Each page after the first is requested at exactly the URL of the previous page's <c>Link: rel="next"</c>.</summary>
    private static void CheckLinksAreFollowedExactly(IReadOnlyList<Exchange> exchanges)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            if (exchanges[i].Link is { } link)
            {
                var target = link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];
                Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
                Assert.Equal(new Uri(target), exchanges[i + 1].Url);
            }
        }
    }

    /// <summary>Reading into the shared contract and writing back yields the same field names: the SDK drops nothing it was sent.</summary>
    private static void AssertModelKeepsEveryField(JsonObject item, string schema)
    {
        var type = schema switch
        {
            "Person" => typeof(Person),
            "Room" => typeof(Room),
            "Team" => typeof(Team),
            "Membership" => typeof(Membership),
            "TeamMembership" => typeof(TeamMembership),
            "Message" => typeof(Message),
            "Organization" => typeof(Organization),
            "License" => typeof(License),
            "Role" => typeof(Role),
            _ => throw new ArgumentOutOfRangeException(nameof(schema)),
        };
        var model = item.Deserialize(type, WebexJson.Options);
        var written = JsonSerializer.SerializeToNode(model, type, WebexJson.Options)!.AsObject();
        Assert.Equal(item.Select(p => p.Key).Order(), written.Select(p => p.Key).Order());
    }

    private static IEnumerable<string> Fields(string schema) => _schemas[schema]!.AsObject().Select(p => p.Key);
}
