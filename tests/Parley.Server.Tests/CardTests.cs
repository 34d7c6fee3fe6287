using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Parley.Server.Tests;

/// <summary>Cards, their submissions (attachment actions) and their webhooks; and one room receiving every kind of message.</summary>
public sealed class CardTests(WebhookServer server) : IClassFixture<WebhookServer>
{
    private const string CardType = "application/vnd.microsoft.card.adaptive";

    private static string S(JsonNode? node) => node!.GetValue<string>();

    /// <summary>A card with nesting, numbers, booleans, nulls and non-ASCII text: returned exactly as posted.</summary>
    private static readonly JsonNode _card = JsonNode.Parse($$$"""
        {"contentType":"{{{CardType}}}","content":{"type":"AdaptiveCard","version":"1.3","$schema":"http://adaptivecards.io/schemas/adaptive-card.json",
         "body":[{"type":"TextBlock","text":"Déjà vu? 🎉 <b>&</b>","size":"large","wrap":true},
                 {"type":"Input.Text","id":"name","placeholder":"Name","maxLength":40,"isMultiline":false},
                 {"type":"Input.ChoiceSet","id":"color","choices":[{"title":"Red","value":"r"},{"title":"Blue","value":"b"}],"value":null}],
         "actions":[{"type":"Action.Submit","title":"Send","data":{"kind":"survey","n":1.5}}]}}
        """)!;

    private async Task<(TestUser Bot, TestUser Member, string RoomId, string CardMessageId)> CardRoomAsync()
    {
        var bot = await server.CreateUserAsync("Survey bot", Parley.Core.PersonType.Bot);
        var member = await server.CreateUserAsync("Member");
        var roomId = await server.CreateGroupRoomAsync([bot, member]);
        var (response, message) = await bot.Client.PostJsonAsync("/v1/messages", new { roomId, text = "Please fill in the survey", attachments = new[] { _card } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (bot, member, roomId, S(message!["id"]));
    }

    [Fact]
    public async Task A_card_is_returned_exactly_as_posted()
    {
        var (bot, member, roomId, messageId) = await CardRoomAsync();

        var (_, got) = await bot.Client.GetJsonAsync($"/v1/messages/{messageId}");
        Assert.True(JsonNode.DeepEquals(_card, got!["attachments"]![0]), got.ToJsonString());
        var (_, listed) = await member.Client.GetJsonAsync($"/v1/messages?roomId={roomId}");
        Assert.True(JsonNode.DeepEquals(_card, listed!["items"]![0]!["attachments"]![0]));
        // Unescaped as JSON.stringify writes it.
        var raw = await member.Client.GetStringAsync($"/v1/messages/{messageId}", TestContext.Current.CancellationToken);
        Assert.Contains("Déjà vu? 🎉 <b>&</b>", raw);
    }

    [Fact]
    public async Task An_oversized_card_is_refused_with_a_description_of_the_problem()
    {
        var (bot, _, roomId, _) = await CardRoomAsync();
        var big = JsonNode.Parse($$$"""{"contentType":"{{{CardType}}}","content":{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"{{{new string('x', 29 * 1024)}}}"}]}}""");

        var result = await bot.Client.PostJsonAsync("/v1/messages", new { roomId, attachments = new[] { big } });

        result.AssertWebexError(400);
        Assert.Contains("maximum size", S(result.Body!["message"]));
    }

    [Fact]
    public async Task A_submission_round_trips_for_the_submitter_and_the_card_author_only()
    {
        var (bot, member, roomId, messageId) = await CardRoomAsync();
        var other = await server.CreateUserAsync("Other member");
        await server.Admin.PostJsonAsync("/v1/memberships", new { roomId, personId = other.Id });
        var inputs = JsonNode.Parse("""{"name":"Zoë","color":"b","kind":"survey","n":1.5,"nested":{"ok":true}}""")!;

        var (response, action) = await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId, inputs });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("submit", S(action!["type"]));
        Assert.Equal(messageId, S(action["messageId"]));
        Assert.Equal(member.Id, S(action["personId"]));
        Assert.Equal(roomId, S(action["roomId"]));
        Assert.True(JsonNode.DeepEquals(inputs, action["inputs"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", S(action["created"]));
        WebexSchema.AssertConforms(action, "AttachmentActivity");
        var actionId = S(action["id"]);
        foreach (var reader in new[] { member, bot })
        {
            var (_, got) = await reader.Client.GetJsonAsync($"/v1/attachment/actions/{actionId}");
            Assert.True(JsonNode.DeepEquals(action, got), got!.ToJsonString());
        }
        (await other.Client.GetJsonAsync($"/v1/attachment/actions/{actionId}")).AssertWebexError(404);

        // Each submission is a new action.
        var (_, again) = await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId, inputs });
        Assert.NotEqual(actionId, S(again!["id"]));
    }

    [Fact]
    public async Task Bad_submissions_get_clear_errors()
    {
        var (_, member, roomId, messageId) = await CardRoomAsync();
        var outsider = await server.CreateUserAsync();
        var (_, plain) = await member.Client.PostJsonAsync("/v1/messages", new { roomId, text = "no card" });
        var inputs = new { a = "b" };

        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "click", messageId, inputs })).AssertWebexError(400);
        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId })).AssertWebexError(400);
        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId, inputs = "text" })).AssertWebexError(400);
        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", inputs })).AssertWebexError(400);
        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId = S(plain!["id"]), inputs })).AssertWebexError(400);
        (await outsider.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId, inputs })).AssertWebexError(404);
        (await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId = roomId, inputs })).AssertWebexError(404);
        (await member.Client.GetJsonAsync($"/v1/attachment/actions/{Guid.NewGuid()}")).AssertWebexError(404);
        using var form = new FormUrlEncodedContent([new("type", "submit"), new("messageId", messageId), new("inputs", "{}")]);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.Client.PostAsync("/v1/attachment/actions", form, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_submission_is_announced_to_the_card_author_and_the_submitter_without_inputs_and_not_on_the_firehose()
    {
        await using var authorHook = await WebhookReceiver.StartAsync();
        await using var submitterHook = await WebhookReceiver.StartAsync();
        await using var bystanderHook = await WebhookReceiver.StartAsync();
        var (bot, member, roomId, messageId) = await CardRoomAsync();
        var bystander = await server.CreateUserAsync("Bystander");
        await server.Admin.PostJsonAsync("/v1/memberships", new { roomId, personId = bystander.Id });
        await bot.Client.PostJsonAsync("/v1/webhooks", new { name = "cards", targetUrl = authorHook.Url, resource = "attachmentActions", @event = "created" });
        var (_, firehose) = await bot.Client.PostJsonAsync("/v1/webhooks", new { name = "firehose", targetUrl = authorHook.Url + "/all", resource = "all", @event = "all" });
        await member.Client.PostJsonAsync("/v1/webhooks", new { name = "mine", targetUrl = submitterHook.Url, resource = "attachmentActions", @event = "all" });
        await bystander.Client.PostJsonAsync("/v1/webhooks", new { name = "nosy", targetUrl = bystanderHook.Url, resource = "attachmentActions", @event = "created" });

        var (_, action) = await member.Client.PostJsonAsync("/v1/attachment/actions", new { type = "submit", messageId, inputs = new { answer = "42" } });
        // A message after the submission: once the firehose has it, the submission was dispatched before it (each
        // webhook's deliveries are queued in the event's transaction order, though they may arrive in any order).
        await member.Client.PostJsonAsync("/v1/messages", new { roomId, markdown = $"<@personId:{bot.Id}|bot> done" });

        var received = await authorHook.WaitForAsync(
            r => r.Any(x => S(x.Json["resource"]) == "messages") && r.Any(x => S(x.Json["resource"]) == "attachmentActions"),
            "the submission and the bot's mention");
        var firehoseLog = (await bot.Client.GetJsonAsync($"/v1/webhooks/{S(firehose!["id"])}/deliveries")).Body!["items"]!.AsArray();
        Assert.Equal(["messages"], firehoseLog.Select(d => S(d!["resource"])).Distinct());
        var announced = Assert.Single(received, r => S(r.Json["resource"]) == "attachmentActions").Json;
        Assert.Equal("created", S(announced["event"]));
        Assert.Equal(member.Id, S(announced["actorId"]));
        var data = announced["data"]!.AsObject();
        Assert.Equal(["created", "id", "messageId", "personId", "roomId", "type"], data.Select(p => p.Key).Order());
        Assert.Equal(S(action!["id"]), S(data["id"]));
        Assert.Equal(messageId, S(data["messageId"]));
        await submitterHook.WaitForAsync(r => r.Count == 1, "the submitter's own submission");
        Assert.Empty(bystanderHook.Received);
    }

    [Fact]
    public async Task One_room_lists_text_markdown_with_a_mention_a_file_by_url_an_upload_and_a_card_in_order()
    {
        await using var host = await FileHost.StartAsync();
        var fileUrl = host.Serve("/notes.txt", "remote notes"u8.ToArray(), "text/plain");
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var roomId = await server.CreateGroupRoomAsync([alice, bob]);

        await alice.Client.PostJsonAsync("/v1/messages", new { roomId, text = "plain text" });
        await alice.Client.PostJsonAsync("/v1/messages", new { roomId, markdown = $"hello <@personEmail:{bob.Email}|Bob> **bold**" });
        await alice.Client.PostJsonAsync("/v1/messages", new { roomId, text = "by url", files = new[] { fileUrl } });
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(roomId), "roomId");
            form.Add(new StringContent("uploaded"), "text");
            var file = new ByteArrayContent("local bytes"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "files", "local.txt");
            Assert.Equal(HttpStatusCode.OK, (await alice.Client.PostAsync("/v1/messages", form, TestContext.Current.CancellationToken)).StatusCode);
        }
        await alice.Client.PostJsonAsync("/v1/messages", new { roomId, text = "card fallback", attachments = new[] { _card } });

        var (_, list) = await bob.Client.GetJsonAsync($"/v1/messages?roomId={roomId}");
        var items = list!["items"]!.AsArray().Reverse().ToList();
        Assert.Equal(5, items.Count);
        Assert.All(items, m => WebexSchema.AssertConforms(m, "Message"));
        Assert.Equal("plain text", S(items[0]!["text"]));
        Assert.Equal("hello Bob bold", S(items[1]!["text"]));
        Assert.Equal([bob.Id], items[1]!["mentionedPeople"]!.AsArray().Select(S));
        Assert.Contains("<strong>bold</strong>", S(items[1]!["html"]));
        Assert.Equal("remote notes", await bob.Client.GetStringAsync(S(items[2]!["files"]![0]), TestContext.Current.CancellationToken));
        Assert.Equal("local bytes", await bob.Client.GetStringAsync(S(items[3]!["files"]![0]), TestContext.Current.CancellationToken));
        Assert.True(JsonNode.DeepEquals(_card, items[4]!["attachments"]![0]));
        foreach (var i in new[] { 0, 1, 4 })
        {
            Assert.False(items[i]!.AsObject().ContainsKey("files"));
        }
        foreach (var i in new[] { 0, 1, 2, 3 })
        {
            Assert.False(items[i]!.AsObject().ContainsKey("attachments"));
        }
    }
}
