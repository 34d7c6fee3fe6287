using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class MessageTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    private async Task<(TestUser A, TestUser B, string RoomId)> GroupAsync(params TestUser[] extra)
    {
        var a = await server.CreateUserAsync("Alice");
        var b = await server.CreateUserAsync("Bob");
        var room = await server.CreateGroupRoomAsync([a, b, .. extra]);
        return (a, b, room);
    }

    private static async Task<JsonNode> PostOkAsync(TestUser user, object body)
    {
        var (response, json) = await user.Client.PostJsonAsync("/v1/messages", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json!;
    }

    private static async Task<List<string>> TextsAsync(TestUser user, string roomId)
    {
        var (response, body) = await user.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&max=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!["items"]!.AsArray().Select(i => i!["text"]?.GetValue<string>() ?? "").ToList();
    }

    private static string S(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task Message_ids_are_distinct_version_7_uuids_stamped_with_their_creation_time()
    {
        var (a, _, roomId) = await GroupAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var posted = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => PostOkAsync(a, new { roomId, text = $"m{i}" })));
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ids = posted.Select(m => WebexId.TryDecodeGuid(S(m["id"]), WebexIdType.Message, out var id) ? id : Guid.Empty).ToList();
        Assert.Equal(40, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
            // The first 48 bits, big-endian, are the Unix milliseconds of creation.
            var bytes = id.ToByteArray(bigEndian: true);
            var millis = bytes.Take(6).Aggregate(0L, (value, b) => (value << 8) | b);
            Assert.InRange(millis, before, after);
        }
    }

    [Fact]
    public async Task Posting_text_returns_the_message_and_updates_room_last_activity()
    {
        var (a, _, roomId) = await GroupAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var (response, m) = await a.Client.PostJsonAsync("/v1/messages", new { roomId, text = "hello" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(WebexId.TryDecode(S(m!["id"]), out var type, out _));
        Assert.Equal("MESSAGE", type);
        Assert.Equal(roomId, S(m["roomId"]));
        Assert.Equal("group", S(m["roomType"]));
        Assert.Equal("hello", S(m["text"]));
        Assert.Equal(a.Id, S(m["personId"]));
        Assert.Equal(a.Email, S(m["personEmail"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", S(m["created"]));
        foreach (var absent in new[] { "markdown", "html", "parentId", "mentionedPeople", "mentionedGroups", "updated", "files", "attachments", "toPersonId" })
        {
            Assert.False(m.AsObject().ContainsKey(absent), absent);
        }

        var (getResponse, got) = await a.Client.GetJsonAsync($"/v1/messages/{S(m["id"])}");
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        Assert.Equal(m.ToJsonString(), got!.ToJsonString());

        WebexId.TryDecodeGuid(roomId, "ROOM", out var roomGuid);
        var room = await server.Services.GetRequiredService<IDataStore>().ReadAsync(s => s.Rooms.GetAsync(roomGuid));
        Assert.True(WebexTime.TryParse(S(m["created"]), out var created));
        Assert.True(created > before);
        Assert.Equal(created, room!.LastActivity);
    }

    [Fact]
    public async Task Form_encoded_post_is_accepted()
    {
        var (a, _, roomId) = await GroupAsync();
        using var form = new FormUrlEncodedContent([new("roomId", roomId), new("markdown", "**hi** form")]);
        var response = await a.Client.PostAsync("/v1/messages", form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<p><strong>hi</strong> form</p>", S(body["html"]));
        Assert.Equal("hi form", S(body["text"]));
    }

    [Fact]
    public async Task Markdown_mentions_are_rewritten_and_listed()
    {
        var carol = await server.CreateUserAsync("Carol");
        var (a, b, roomId) = await GroupAsync(carol);

        var m = await PostOkAsync(a, new
        {
            roomId,
            markdown = $"<@personEmail:{b.Email}|Bobby> and <@personId:{carol.Id}> see _this_, <@all>! again <@personEmail:{b.Email}>",
        });

        var bobElement = $"<spark-mention data-object-type=\"person\" data-object-id=\"{b.Id}\">Bobby</spark-mention>";
        var carolElement = $"<spark-mention data-object-type=\"person\" data-object-id=\"{carol.Id}\">Carol</spark-mention>";
        const string all = "<spark-mention data-object-type=\"groupMention\" data-group-type=\"all\">All</spark-mention>";
        var bobAgain = $"<spark-mention data-object-type=\"person\" data-object-id=\"{b.Id}\">Bob</spark-mention>";
        Assert.Equal($"{bobElement} and {carolElement} see _this_, {all}! again {bobAgain}", S(m["markdown"]));
        Assert.Equal($"<p>{bobElement} and {carolElement} see <em>this</em>, {all}! again {bobAgain}</p>", S(m["html"]));
        Assert.Equal("Bobby and Carol see this, All! again Bob", S(m["text"]));
        Assert.Equal([b.Id, carol.Id], m["mentionedPeople"]!.AsArray().Select(S).ToArray());
        Assert.Equal(["all"], m["mentionedGroups"]!.AsArray().Select(S).ToArray());
    }

    [Fact]
    public async Task Text_given_with_markdown_is_kept_and_mention_markup_in_text_is_literal()
    {
        var (a, b, roomId) = await GroupAsync();
        var m = await PostOkAsync(a, new { roomId, text = $"plain <@personId:{b.Id}>", markdown = "*md*" });
        Assert.Equal($"plain <@personId:{b.Id}>", S(m["text"]));
        Assert.Equal("<p><em>md</em></p>", S(m["html"]));
        Assert.False(m.AsObject().ContainsKey("mentionedPeople"));
    }

    [Fact]
    public async Task Html_input_is_sanitized_and_text_derived()
    {
        var (a, _, roomId) = await GroupAsync();
        var m = await PostOkAsync(a, new { roomId, html = "<p>Hi <b>there</b><img src=x onerror=alert(1)></p>" });
        Assert.Equal("<p>Hi <b>there</b></p>", S(m["html"]));
        Assert.Equal("Hi there", S(m["text"]));
        Assert.False(m.AsObject().ContainsKey("markdown"));
    }

    [Fact]
    public async Task First_direct_message_creates_the_room_and_both_directions_share_it()
    {
        var a = await server.CreateUserAsync("Dana");
        var b = await server.CreateUserAsync("Eve");

        var first = await PostOkAsync(a, new { toPersonId = b.Id, text = "hi Eve" });
        Assert.Equal("direct", S(first["roomType"]));
        Assert.Equal(b.Id, S(first["toPersonId"]));
        var reply = await PostOkAsync(b, new { toPersonEmail = a.Email, text = "hi Dana" });
        Assert.Equal(S(first["roomId"]), S(reply["roomId"]));
        Assert.Equal(a.Email, S(reply["toPersonEmail"]));

        var (response, list) = await b.Client.GetJsonAsync($"/v1/messages/direct?personId={a.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["hi Dana", "hi Eve"], list!["items"]!.AsArray().Select(i => S(i!["text"])).ToArray());
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal("direct", S(i!["roomType"])));
        Assert.False((await a.Client.GetJsonAsync($"/v1/messages/{S(first["id"])}")).Body!.AsObject().ContainsKey("toPersonId"));

        // Both members can list the room by ID too.
        Assert.Equal(2, (await TextsAsync(a, S(first["roomId"]))).Count);
    }

    [Fact]
    public async Task Concurrent_first_direct_messages_end_in_one_room()
    {
        var a = await server.CreateUserAsync("Finn");
        var b = await server.CreateUserAsync("Gus");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? PostOkAsync(a, new { toPersonId = b.Id, text = $"a{i}" })
            : PostOkAsync(b, new { toPersonEmail = a.Email, text = $"b{i}" })));

        Assert.Single(results.Select(r => S(r["roomId"])).Distinct());
        Assert.Equal(6, (await TextsAsync(a, S(results[0]["roomId"]))).Count);
    }

    [Fact]
    public async Task Direct_message_to_unknown_email_creates_a_pending_person()
    {
        var a = await server.CreateUserAsync("Hal");
        var email = $"new.{Guid.NewGuid():N}@elsewhere.example";

        var m = await PostOkAsync(a, new { toPersonEmail = email, text = "welcome" });

        Assert.Equal("direct", S(m["roomType"]));
        var person = await server.Services.GetRequiredService<IDataStore>().ReadAsync(s => s.People.GetByEmailAsync(email));
        Assert.NotNull(person);
        Assert.True(person.InvitePending);
        var (response, list) = await a.Client.GetJsonAsync($"/v1/messages/direct?personEmail={email}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("welcome", S(list!["items"]![0]!["text"]));
    }

    [Fact]
    public async Task Direct_listing_and_posting_errors()
    {
        var a = await server.CreateUserAsync("Ida");
        var b = await server.CreateUserAsync("Jon");

        (await a.Client.GetJsonAsync($"/v1/messages/direct?personId={b.Id}")).AssertWebexError(404);
        (await a.Client.GetJsonAsync($"/v1/messages/direct?personId={b.Id}&personEmail={b.Email}")).AssertWebexError(400);
        (await a.Client.GetJsonAsync("/v1/messages/direct")).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { toPersonId = a.Id, text = "me" })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { toPersonEmail = a.Email.ToUpperInvariant(), text = "me" })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { toPersonId = Guid.NewGuid().ToString(), text = "x" })).AssertWebexError(404);
        (await a.Client.PostJsonAsync("/v1/messages", new { toPersonEmail = "not-an-email", text = "x" })).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages/direct?personId={b.Id}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Paging_is_stable_while_new_messages_arrive()
    {
        var (a, b, roomId) = await GroupAsync();
        for (var i = 1; i <= 7; i++)
        {
            await PostOkAsync(i % 2 == 0 ? a : b, new { roomId, text = $"m{i}" });
        }

        var seen = new List<string>();
        var url = $"/v1/messages?roomId={roomId}&max=3&before=2999-01-01T00:00:00.000Z";
        var pages = 0;
        while (url is not null)
        {
            var (response, body) = await a.Client.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(body!["items"]!.AsArray().Select(i => S(i!["text"])));
            pages++;
            await PostOkAsync(b, new { roomId, text = $"late{pages}" });
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = Assert.Single(links);
                Assert.Matches("^<http://[^>]+>; rel=\"next\"$", link);
                var next = new Uri(link[1..link.IndexOf('>')]);
                var query = System.Web.HttpUtility.ParseQueryString(next.Query);
                Assert.Equal(roomId, query["roomId"]);
                Assert.Equal("3", query["max"]);
                Assert.Equal("2999-01-01T00:00:00.000Z", query["before"]);
                Assert.NotNull(query["cursor"]);
                url = next.PathAndQuery;
            }
            else
            {
                url = null;
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(["m7", "m6", "m5", "m4", "m3", "m2", "m1"], seen);
    }

    [Fact]
    public async Task Before_and_before_message_bound_the_list()
    {
        var (a, _, roomId) = await GroupAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            ids.Add(S((await PostOkAsync(a, new { roomId, text = $"m{i}" }))["id"]));
        }

        var (_, byMessage) = await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&beforeMessage={ids[2]}");
        Assert.Equal(["m2", "m1"], byMessage!["items"]!.AsArray().Select(i => S(i!["text"])).ToArray());

        var (_, byTime) = await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&before=2000-01-01T00:00:00Z");
        Assert.Empty(byTime!["items"]!.AsArray());

        var (_, other, otherRoom) = await GroupAsync();
        var foreign = S((await PostOkAsync(other, new { roomId = otherRoom, text = "x" }))["id"]);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&beforeMessage={foreign}")).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&before=yesterday")).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&max=0")).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&cursor=%%%")).AssertWebexError(400);
        (await a.Client.GetJsonAsync("/v1/messages")).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={otherRoom}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Mentioned_people_filter_accepts_only_the_caller()
    {
        var (a, b, roomId) = await GroupAsync();
        await PostOkAsync(a, new { roomId, markdown = $"<@personId:{b.Id}> look" });
        await PostOkAsync(a, new { roomId, text = "no mention" });
        await PostOkAsync(a, new { roomId, markdown = "<@all> everyone" });

        Assert.Equal(["look"], await MentionedTextsAsync(b, roomId, "me"));
        Assert.Equal(["look"], await MentionedTextsAsync(b, roomId, $"{b.Id},me"));
        (await b.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&mentionedPeople={a.Id}")).AssertWebexError(400);
    }

    private static async Task<string[]> MentionedTextsAsync(TestUser user, string roomId, string mentioned)
    {
        var (response, body) = await user.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&mentionedPeople={mentioned}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!["items"]!.AsArray().Select(i => S(i!["text"]).Split(' ')[^1]).ToArray();
    }

    [Fact]
    public async Task Threads_are_one_level_deep_and_listed_by_parent()
    {
        var (a, b, roomId) = await GroupAsync();
        var parent = await PostOkAsync(a, new { roomId, text = "parent" });
        var parentId = S(parent["id"]);
        var r1 = await PostOkAsync(b, new { parentId, text = "reply 1" });
        var r2 = await PostOkAsync(a, new { roomId, parentId, text = "reply 2" });
        await PostOkAsync(a, new { roomId, text = "other" });

        Assert.Equal(roomId, S(r1["roomId"]));
        Assert.Equal(parentId, S(r1["parentId"]));
        var (_, thread) = await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&parentId={parentId}");
        Assert.Equal(["reply 2", "reply 1"], thread!["items"]!.AsArray().Select(i => S(i!["text"])).ToArray());
        Assert.Equal(["other", "reply 2", "reply 1", "parent"], await TextsAsync(a, roomId));

        (await a.Client.PostJsonAsync("/v1/messages", new { parentId = S(r2["id"]), text = "nested" })).AssertWebexError(400);
        var (_, _, otherRoom) = await GroupAsync();
        var (c, _, cRoom) = await GroupAsync();
        (await c.Client.PostJsonAsync("/v1/messages", new { roomId = cRoom, parentId, text = "x" })).AssertWebexError(404);
        (await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&parentId={Guid.NewGuid()}")).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { parentId = Guid.NewGuid().ToString(), text = "x" })).AssertWebexError(404);
        Assert.Equal(4, (await TextsAsync(a, roomId)).Count);
        _ = otherRoom;
    }

    [Fact]
    public async Task Reply_destination_must_be_the_parents_room()
    {
        var (a, _, roomId) = await GroupAsync();
        var otherRoom = await server.CreateGroupRoomAsync([a]);
        var parentId = S((await PostOkAsync(a, new { roomId, text = "parent" }))["id"]);

        (await a.Client.PostJsonAsync("/v1/messages", new { roomId = otherRoom, parentId, text = "x" })).AssertWebexError(400);
        Assert.Empty(await TextsAsync(a, otherRoom));
    }

    [Fact]
    public async Task Edits_replace_content_set_updated_and_stop_after_ten()
    {
        var (a, b, roomId) = await GroupAsync();
        var m = await PostOkAsync(a, new { roomId, markdown = $"hi <@personId:{b.Id}>" });
        var id = S(m["id"]);
        var url = $"/v1/messages/{id}";

        var (response, edited) = await a.Client.PutJsonAsync(url, new { roomId, text = "plain now" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("plain now", S(edited!["text"]));
        Assert.False(edited.AsObject().ContainsKey("markdown"));
        Assert.False(edited.AsObject().ContainsKey("html"));
        Assert.False(edited.AsObject().ContainsKey("mentionedPeople"));
        Assert.Equal(S(m["created"]), S(edited["created"]));
        Assert.True(edited.AsObject().ContainsKey("updated"));
        Assert.Empty(await MentionedTextsAsync(b, roomId, "me"));

        for (var i = 2; i <= 10; i++)
        {
            var (r, _) = await a.Client.PutJsonAsync(url, new { roomId, markdown = $"edit **{i}** <@personId:{b.Id}|B>" });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        (await a.Client.PutJsonAsync(url, new { roomId, text = "eleventh" })).AssertWebexError(400);

        var (_, current) = await a.Client.GetJsonAsync(url);
        Assert.Equal("edit 10 B", S(current!["text"]));
        Assert.Equal([b.Id], current["mentionedPeople"]!.AsArray().Select(S).ToArray());
        Assert.Equal(["B"], await MentionedTextsAsync(b, roomId, "me"));
    }

    [Fact]
    public async Task A_listing_shows_edits_made_on_this_node_and_on_another()
    {
        var (a, _, roomId) = await GroupAsync();
        var url = $"/v1/messages/{S((await PostOkAsync(a, new { roomId, text = "first version" }))["id"])}";
        // Listed once, so a node that keeps what it served has it.
        Assert.Equal(["first version"], await TextsAsync(a, roomId));

        Assert.Equal(HttpStatusCode.OK, (await a.Client.PutJsonAsync(url, new { roomId, text = "second version" })).Response.StatusCode);
        Assert.Equal(["second version"], await TextsAsync(a, roomId));

        await using var otherNode = server.SecondNode();
        await otherNode.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await otherNode.ClientWithToken(a.Token).PutJsonAsync(url, new { roomId, text = "third version" })).Response.StatusCode);
        Assert.Equal(["third version"], await TextsAsync(a, roomId));
    }

    [Fact]
    public async Task Edit_validation_and_permissions()
    {
        var (a, b, roomId) = await GroupAsync();
        var otherRoom = await server.CreateGroupRoomAsync([a]);
        var url = $"/v1/messages/{S((await PostOkAsync(a, new { roomId, text = "original" }))["id"])}";

        (await a.Client.PutJsonAsync(url, new { text = "x" })).AssertWebexError(400);
        (await a.Client.PutJsonAsync(url, new { roomId = otherRoom, text = "x" })).AssertWebexError(400);
        (await a.Client.PutJsonAsync(url, new { roomId, markdown = "x", html = "<p>x</p>" })).AssertWebexError(400);
        (await a.Client.PutJsonAsync(url, new { roomId })).AssertWebexError(400);
        (await a.Client.PutJsonAsync(url, new { roomId, text = new string('x', 7440) })).AssertWebexError(400);
        (await b.Client.PutJsonAsync(url, new { roomId, text = "hijack" })).AssertWebexError(403);
        var stranger = await server.CreateUserAsync();
        (await stranger.Client.PutJsonAsync(url, new { roomId, text = "x" })).AssertWebexError(404);
        (await a.Client.PutJsonAsync($"/v1/messages/{Guid.NewGuid()}", new { roomId, text = "x" })).AssertWebexError(404);

        var (_, current) = await a.Client.GetJsonAsync(url);
        Assert.Equal("original", S(current!["text"]));
        Assert.False(current.AsObject().ContainsKey("updated"));
    }

    [Fact]
    public async Task Delete_by_author_moderator_of_locked_room_or_compliance_officer()
    {
        var mod = await server.CreateUserAsync("Mod");
        var member = await server.CreateUserAsync("Member");
        var locked = await server.CreateGroupRoomAsync([mod, member], isLocked: true, moderators: [mod]);
        var parent = S((await PostOkAsync(member, new { roomId = locked, text = "parent" }))["id"]);
        var reply = await PostOkAsync(mod, new { parentId = parent, text = "reply" });

        (await member.Client.DeleteJsonAsync($"/v1/messages/{S(reply["id"])}")).AssertWebexError(403);
        var (deleted, body) = await mod.Client.DeleteJsonAsync($"/v1/messages/{parent}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(body);
        (await member.Client.GetJsonAsync($"/v1/messages/{parent}")).AssertWebexError(404);
        (await mod.Client.DeleteJsonAsync($"/v1/messages/{parent}")).AssertWebexError(404);
        Assert.Equal(["reply"], await TextsAsync(member, locked));

        var (a, b, unlocked) = await GroupAsync();
        var own = S((await PostOkAsync(a, new { roomId = unlocked, text = "mine" }))["id"]);
        (await b.Client.DeleteJsonAsync($"/v1/messages/{own}")).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.NoContent, (await a.Client.DeleteJsonAsync($"/v1/messages/{own}")).Response.StatusCode);

        var officer = await server.CreateUserAsync("Officer");
        await server.GrantRolesAsync(officer, RoleKeys.ComplianceOfficer);
        var replyId = S(reply["id"]);
        Assert.Equal(["reply"], await TextsAsync(officer, locked));
        (await officer.Client.PostJsonAsync("/v1/messages", new { roomId = locked, text = "co" })).AssertWebexError(404);
        Assert.Equal(HttpStatusCode.NoContent, (await officer.Client.DeleteJsonAsync($"/v1/messages/{replyId}")).Response.StatusCode);
        Assert.Empty(await TextsAsync(member, locked));
    }

    [Fact]
    public async Task Bots_in_group_rooms_see_only_mentions_and_their_own_messages()
    {
        var bot = await server.CreateUserAsync("Helper Bot", PersonType.Bot);
        var (a, _, roomId) = await GroupAsync(bot);
        var plain = S((await PostOkAsync(a, new { roomId, text = "not for bot" }))["id"]);
        var mention = await PostOkAsync(a, new { roomId, markdown = $"<@personId:{bot.Id}> do it" });
        await PostOkAsync(a, new { roomId, markdown = "<@all> everyone" });
        var own = S((await PostOkAsync(bot, new { roomId, text = "bot says" }))["id"]);

        (await bot.Client.GetJsonAsync($"/v1/messages?roomId={roomId}")).AssertWebexError(403);
        var (response, list) = await bot.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&mentionedPeople=me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single(list!["items"]!.AsArray());
        Assert.Equal("Helper Bot do it", S(item!["text"]));
        (await bot.Client.GetJsonAsync($"/v1/messages/{plain}")).AssertWebexError(404);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetJsonAsync($"/v1/messages/{S(mention["id"])}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetJsonAsync($"/v1/messages/{own}")).Response.StatusCode);

        // In a direct room the bot sees everything.
        await PostOkAsync(a, new { toPersonId = bot.Id, text = "dm 1" });
        var (directResponse, direct) = await bot.Client.GetJsonAsync($"/v1/messages/direct?personEmail={a.Email}");
        Assert.Equal(HttpStatusCode.OK, directResponse.StatusCode);
        Assert.Equal("dm 1", S(direct!["items"]![0]!["text"]));
    }

    [Fact]
    public async Task Read_only_and_announcement_only_rooms_restrict_posting()
    {
        var mod = await server.CreateUserAsync("Mod");
        var member = await server.CreateUserAsync("Member");
        var readOnly = await server.CreateGroupRoomAsync([mod, member], isReadOnly: true, isLocked: true, moderators: [mod]);
        var announce = await server.CreateGroupRoomAsync([mod, member], isAnnouncementOnly: true, isLocked: true, moderators: [mod]);

        (await mod.Client.PostJsonAsync("/v1/messages", new { roomId = readOnly, text = "x" })).AssertWebexError(403);
        (await member.Client.PostJsonAsync("/v1/messages", new { roomId = announce, text = "x" })).AssertWebexError(403);
        var announcement = await PostOkAsync(mod, new { roomId = announce, text = "news" });
        (await member.Client.PostJsonAsync("/v1/messages", new { parentId = S(announcement["id"]), text = "x" })).AssertWebexError(403);

        Assert.Empty(await TextsAsync(member, readOnly));
        Assert.Equal(["news"], await TextsAsync(member, announce));
    }

    [Fact]
    public async Task Bad_input_is_rejected_and_nothing_is_stored()
    {
        var (a, b, roomId) = await GroupAsync();
        var notMine = await server.CreateGroupRoomAsync([b]);

        (await a.Client.PostJsonAsync("/v1/messages", "{\"roomId\": ")).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, text = 5 })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId = "%%%", text = "x" })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId = Guid.NewGuid().ToString(), text = "x" })).AssertWebexError(404);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId = b.Id, text = "x" })).AssertWebexError(404);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId = notMine, text = "x" })).AssertWebexError(404);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { text = "nowhere" })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, toPersonId = b.Id, text = "two" })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, text = new string('x', 7440) })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, markdown = new string('é', 3720) })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, text = "f", files = new[] { "http://127.0.0.1/x.txt" } })).AssertWebexError(400);
        (await a.Client.GetJsonAsync($"/v1/messages/{Guid.NewGuid()}")).AssertWebexError(404);
        (await a.Client.GetJsonAsync($"/v1/messages/{roomId}")).AssertWebexError(404);
        (await a.Client.GetJsonAsync("/v1/messages/not-an-id")).AssertWebexError(400);
        using var plain = new StringContent("hi", System.Text.Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await a.Client.PostAsync("/v1/messages", plain)).StatusCode);

        Assert.Empty(await TextsAsync(a, roomId));
        Assert.Empty(await TextsAsync(b, notMine));
        var limit = await PostOkAsync(a, new { roomId, text = new string('x', 7439) });
        Assert.Equal(7439, S(limit["text"]).Length);
    }

    [Fact]
    public async Task Card_attachments_are_validated_stored_as_posted_and_not_editable()
    {
        var (a, _, roomId) = await GroupAsync();
        var card = JsonNode.Parse("""{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.3","body":[{"type":"TextBlock","text":"Hi"}]}}""")!;

        var m = await PostOkAsync(a, new { roomId, text = "fallback", attachments = new[] { card } });
        Assert.True(JsonNode.DeepEquals(card, m["attachments"]![0]));
        var (_, got) = await a.Client.GetJsonAsync($"/v1/messages/{S(m["id"])}");
        Assert.True(JsonNode.DeepEquals(card, got!["attachments"]![0]));
        (await a.Client.PutJsonAsync($"/v1/messages/{S(m["id"])}", new { roomId, text = "x" })).AssertWebexError(400);

        var wrongType = JsonNode.Parse("""{"contentType":"text/plain","content":{"type":"AdaptiveCard"}}""");
        var notCard = JsonNode.Parse("""{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"Other"}}""");
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, attachments = new[] { wrongType } })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, attachments = new[] { notCard } })).AssertWebexError(400);
        (await a.Client.PostJsonAsync("/v1/messages", new { roomId, attachments = new[] { card, card } })).AssertWebexError(400);
        using var form = new FormUrlEncodedContent([new("roomId", roomId), new("attachments", card.ToJsonString())]);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.Client.PostAsync("/v1/messages", form)).StatusCode);
        Assert.Equal(["fallback"], await TextsAsync(a, roomId));
    }

    [Fact]
    public async Task Mentioned_listing_clamps_max_to_100_and_the_link_carries_the_effective_max()
    {
        var (a, b, roomId) = await GroupAsync();
        for (var batch = 0; batch < 6; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 17).Select(i => PostOkAsync(a, new { roomId, markdown = $"<@personEmail:{b.Email}> n{batch * 17 + i}" })));
        }

        var (response, body) = await b.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&mentionedPeople=me&max=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, body!["items"]!.AsArray().Count);
        var link = Assert.Single(response.Headers.GetValues("Link"));
        var next = new Uri(link[1..link.IndexOf('>')]);
        Assert.Equal("100", System.Web.HttpUtility.ParseQueryString(next.Query)["max"]);
        Assert.Equal("me", System.Web.HttpUtility.ParseQueryString(next.Query)["mentionedPeople"]);

        var (lastResponse, last) = await b.Client.GetJsonAsync(next.PathAndQuery);
        Assert.Equal(2, last!["items"]!.AsArray().Count);
        Assert.False(lastResponse.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Cursor_filters_govern_over_mangled_repeated_parameters()
    {
        var (a, _, roomId) = await GroupAsync();
        for (var i = 1; i <= 3; i++)
        {
            await PostOkAsync(a, new { roomId, text = $"m{i}" });
        }
        var (response, _) = await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&max=2&before=2999-01-01T00:00:00%2B02:00");
        var link = Assert.Single(response.Headers.GetValues("Link"));
        var cursor = System.Web.HttpUtility.ParseQueryString(new Uri(link[1..link.IndexOf('>')]).Query)["cursor"];

        // The Python SDK re-inserts the original values unencoded: "+02:00" arrives as " 02:00".
        var (next, body) = await a.Client.GetJsonAsync($"/v1/messages?roomId={roomId}&max=2&before=2999-01-01T00:00:00 02:00&cursor={cursor}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(["m1"], body!["items"]!.AsArray().Select(i => S(i!["text"])).ToArray());
    }

    [Fact]
    public async Task Posting_in_a_direct_room_unhides_it_for_both_members()
    {
        var a = await server.CreateUserAsync("Kim");
        var b = await server.CreateUserAsync("Lee");
        var first = await PostOkAsync(a, new { toPersonId = b.Id, text = "one" });
        WebexId.TryDecodeGuid(S(first["roomId"]), "ROOM", out var roomGuid);
        var store = server.Services.GetRequiredService<IDataStore>();
        await store.WriteAsync(async s =>
        {
            foreach (var m in await s.Memberships.ListAllByRoomAsync(roomGuid))
            {
                (await s.Memberships.GetAsync(m.PersonId, roomGuid))!.IsRoomHidden = true;
            }
            return true;
        });

        await PostOkAsync(b, new { roomId = S(first["roomId"]), text = "two" });

        var members = await store.ReadAsync(s => s.Memberships.ListAllByRoomAsync(roomGuid));
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.False(m.IsRoomHidden));
    }
}
