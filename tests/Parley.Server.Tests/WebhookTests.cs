using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;

namespace Parley.Server.Tests;

/// <summary>
/// A server that may deliver to loopback receivers, retries after tens of milliseconds and deactivates a webhook
/// after five consecutive failed attempts.
/// </summary>
public class WebhookServer : ParleyServer
{
    public WebhookServer() : base(Settings(null))
    {
    }

    protected WebhookServer(IReadOnlyDictionary<string, string?> extra) : base(Settings(extra))
    {
    }

    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Parley:Security:AllowPrivateNetworkTargets"] = "true",
            ["Parley:Webhooks:Delivery:PollInterval"] = "00:00:00.020",
            ["Parley:Webhooks:Delivery:Timeout"] = "00:00:01",
            ["Parley:Webhooks:Delivery:FailureThreshold"] = "5",
            ["Parley:EventStream:HeartbeatInterval"] = "00:00:00.100",
            ["Parley:EventStream:PollInterval"] = "00:00:00.020",
        };
        string[] schedule = ["00:00:00", "00:00:00.020", "00:00:00.040", "00:00:00.060", "00:00:00.080", "00:00:00.100", "00:00:00.100", "00:00:00.100"];
        for (var i = 0; i < schedule.Length; i++)
        {
            settings[$"Parley:Webhooks:Delivery:RetrySchedule:{i}"] = schedule[i];
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }
}

/// <summary>A webhook server with extra settings, such as a data directory shared by two servers in turn.</summary>
public sealed class CustomWebhookServer(IReadOnlyDictionary<string, string?> extra) : WebhookServer(extra);

public sealed class WebhookTests(WebhookServer server, ParleyServer guarded) : IClassFixture<WebhookServer>, IClassFixture<ParleyServer>
{
    private static string S(JsonNode? node) => node!.GetValue<string>();

    private static async Task<JsonNode> CreateWebhookAsync(TestUser owner, string targetUrl, string resource = "all", string @event = "all", string? filter = null, string? secret = null)
    {
        var result = await owner.Client.PostJsonAsync("/v1/webhooks", new { name = "hook", targetUrl, resource, @event, filter, secret });
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        return result.Body!;
    }

    private static async Task<JsonNode> PostAsync(TestUser user, object body)
    {
        var result = await user.Client.PostJsonAsync("/v1/messages", body);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        return result.Body!;
    }

    /// <summary>Polls a webhook's delivery log until it satisfies the condition (bounded so a broken test cannot hang).</summary>
    private static async Task<JsonArray> WaitForLogAsync(TestUser owner, string hookId, Func<JsonArray, bool> condition)
    {
        for (var i = 0; ; i++)
        {
            var log = (await owner.Client.GetJsonAsync($"/v1/webhooks/{hookId}/deliveries")).Body!["items"]!.AsArray();
            if (condition(log))
            {
                return log;
            }
            Assert.True(i < 3000, "The delivery log never reached the expected state: " + log.ToJsonString());
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static bool Has(IReadOnlyList<ReceivedRequest> received, string dataId, int status = 200) =>
        received.Any(r => r.AnsweredStatus == status && S(r.Json["data"]!["id"]) == dataId);

    [Fact]
    public async Task Create_get_list_update_delete_follow_the_spec_and_only_the_owner_sees_a_webhook()
    {
        var alice = await server.CreateUserAsync("Alice");
        var eve = await server.CreateUserAsync("Eve");
        var created = await CreateWebhookAsync(alice, "https://bot.example.com/hook", "messages", "created", "roomType=direct", "s3cret");

        Assert.True(Parley.Contracts.WebexId.TryDecode(S(created["id"]), out var type, out _));
        Assert.Equal("WEBHOOK", type);
        Assert.Equal("hook", S(created["name"]));
        Assert.Equal("https://bot.example.com/hook", S(created["targetUrl"]));
        Assert.Equal("messages", S(created["resource"]));
        Assert.Equal("created", S(created["event"]));
        Assert.Equal("roomType=direct", S(created["filter"]));
        Assert.Equal("s3cret", S(created["secret"]));
        Assert.Equal("active", S(created["status"]));
        Assert.Equal("creator", S(created["ownedBy"]));
        Assert.Equal(alice.Id, S(created["createdBy"]));
        Assert.True(Parley.Contracts.WebexId.TryDecode(S(created["appId"]), out var appType, out _));
        Assert.Equal("APPLICATION", appType);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", S(created["created"]));
        var id = S(created["id"]);

        var got = await alice.Client.GetJsonAsync($"/v1/webhooks/{id}");
        Assert.Equal(created.ToJsonString(), got.Body!.ToJsonString());
        var listed = await alice.Client.GetJsonAsync("/v1/webhooks");
        Assert.Equal([id], listed.Body!["items"]!.AsArray().Select(w => S(w!["id"])).ToArray());
        Assert.Empty((await eve.Client.GetJsonAsync("/v1/webhooks")).Body!["items"]!.AsArray());
        (await eve.Client.GetJsonAsync($"/v1/webhooks/{id}")).AssertWebexError(404);
        (await eve.Client.PutJsonAsync($"/v1/webhooks/{id}", new { name = "x", targetUrl = "https://x.example.com" })).AssertWebexError(404);
        (await eve.Client.DeleteJsonAsync($"/v1/webhooks/{id}")).AssertWebexError(404);

        // PUT: the whole object sent back is accepted; resource/event/filter are ignored; inactive on an active hook is refused.
        var whole = created.DeepClone().AsObject();
        whole["name"] = "renamed";
        whole["resource"] = "rooms";
        var updated = await alice.Client.PutJsonAsync($"/v1/webhooks/{id}", whole);
        Assert.Equal(HttpStatusCode.OK, updated.Response.StatusCode);
        Assert.Equal("renamed", S(updated.Body!["name"]));
        Assert.Equal("messages", S(updated.Body!["resource"]));
        Assert.Equal("s3cret", S(updated.Body!["secret"]));
        (await alice.Client.PutJsonAsync($"/v1/webhooks/{id}", new { name = "renamed", targetUrl = "https://bot.example.com/hook", status = "inactive" })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync($"/v1/webhooks/{id}", new { targetUrl = "https://bot.example.com/hook" })).AssertWebexError(400);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/webhooks/{id}")).Response.StatusCode);
        (await alice.Client.GetJsonAsync($"/v1/webhooks/{id}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Invalid_registrations_are_rejected_and_org_ownership_needs_an_admin_or_compliance_officer()
    {
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var bobsRoom = await server.CreateGroupRoomAsync([bob]);
        const string url = "https://bot.example.com/hook";
        object[] invalid =
        [
            new { targetUrl = url, resource = "messages", @event = "created" },
            new { name = "n", targetUrl = "not a url", resource = "messages", @event = "created" },
            new { name = "n", targetUrl = "ftp://example.com/x", resource = "messages", @event = "created" },
            new { name = "n", targetUrl = url, resource = "spaceships", @event = "created" },
            new { name = "n", targetUrl = url, resource = "rooms", @event = "deleted" },
            new { name = "n", targetUrl = url, resource = "messages", @event = "created", filter = "isLocked=true" },
            new { name = "n", targetUrl = url, resource = "messages", @event = "created", filter = "roomType=direct&roomType=group" },
            new { name = "n", targetUrl = url, resource = "messages", @event = "created", filter = "roomType" },
            new { name = "n", targetUrl = url, resource = "messages", @event = "created", filter = $"roomId={bobsRoom}" },
            new { name = "n", targetUrl = url, resource = "messages", @event = "created", ownedBy = "nobody" },
        ];
        foreach (var body in invalid)
        {
            (await alice.Client.PostJsonAsync("/v1/webhooks", body)).AssertWebexError(400);
        }
        (await alice.Client.PostJsonAsync("/v1/webhooks", new { name = "n", targetUrl = url, resource = "rooms", @event = "all", ownedBy = "org" })).AssertWebexError(403);
        (await alice.Client.GetJsonAsync("/v1/webhooks?ownedBy=org")).AssertWebexError(403);

        // Meeting-family resources are accepted and stored (never fired).
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PostJsonAsync("/v1/webhooks", new { name = "n", targetUrl = url, resource = "meetings", @event = "started" })).Response.StatusCode);

        var officer = await server.CreateUserAsync("Officer");
        await server.GrantRolesAsync(officer, RoleKeys.ComplianceOfficer);
        var org = await officer.Client.PostJsonAsync("/v1/webhooks", new { name = "n", targetUrl = url, resource = "messages", @event = "all", ownedBy = "org" });
        Assert.Equal("org", S(org.Body!["ownedBy"]));
        var orgList = await server.Admin.GetJsonAsync("/v1/webhooks?ownedBy=org");
        Assert.Contains(S(org.Body!["id"]), orgList.Body!["items"]!.AsArray().Select(w => S(w!["id"])));
        (await officer.Client.PostJsonAsync("/v1/webhooks", new { name = "n", targetUrl = url, resource = "attachmentActions", @event = "created", ownedBy = "org" })).AssertWebexError(400);
        // Other tests share the organization: the org-wide webhook must not keep receiving their events.
        Assert.Equal(HttpStatusCode.NoContent, (await server.Admin.DeleteJsonAsync($"/v1/webhooks/{S(org.Body!["id"])}")).Response.StatusCode);
    }

    [Fact]
    public async Task Room_membership_and_message_changes_fire_the_events_of_the_table_with_the_spec_envelope()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var hook = await CreateWebhookAsync(alice, receiver.Url);

        var room = (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Plans" })).Body!;
        var roomId = S(room["id"]);
        var added = (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId, personId = bob.Id })).Body!;
        var message = await PostAsync(alice, new { roomId, text = "secret plans", markdown = $"secret plans <@personId:{bob.Id}|Bob>" });
        var messageId = S(message["id"]);
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PutJsonAsync($"/v1/messages/{messageId}", new { roomId, text = "edited plans" })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/messages/{messageId}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PutJsonAsync($"/v1/rooms/{roomId}", new { title = "Plans B" })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/memberships/{S(added["id"])}")).Response.StatusCode);

        string[] expected =
        [
            "rooms:created", "memberships:created", "memberships:created", "messages:created", "messages:updated",
            "messages:deleted", "rooms:updated", "memberships:deleted",
        ];
        var received = await receiver.WaitForAsync(r => r.Count >= expected.Length, "all eight events");
        Assert.Equal(expected.Order(), received.Select(r => $"{S(r.Json["resource"])}:{S(r.Json["event"])}").Order());

        var created = received.Single(r => S(r.Json["resource"]) == "messages" && S(r.Json["event"]) == "created").Json;
        foreach (var field in new[] { "id", "name", "targetUrl", "resource", "event", "orgId", "createdBy", "appId", "ownedBy", "status", "created", "actorId", "data" })
        {
            Assert.NotNull(created[field]);
        }
        Assert.Equal(S(hook["id"]), S(created["id"]));
        Assert.Equal(S(hook["created"]), S(created["created"]));
        Assert.Equal(receiver.Url, S(created["targetUrl"]));
        Assert.Equal("active", S(created["status"]));
        Assert.Equal(alice.Id, S(created["actorId"]));
        var data = created["data"]!.AsObject();
        Assert.Equal(messageId, S(data["id"]));
        Assert.Equal(roomId, S(data["roomId"]));
        Assert.Equal("group", S(data["roomType"]));
        Assert.Equal(alice.Email, S(data["personEmail"]));
        Assert.Equal([bob.Id], data["mentionedPeople"]!.AsArray().Select(S).ToArray());
        foreach (var content in new[] { "text", "markdown", "html", "attachments" })
        {
            Assert.False(data.ContainsKey(content), $"webhook data must not carry {content}");
        }
        var deleted = received.Single(r => S(r.Json["resource"]) == "messages" && S(r.Json["event"]) == "deleted").Json["data"]!.AsObject();
        Assert.Equal(["created", "id", "personEmail", "personId", "roomId", "roomType"], deleted.Select(p => p.Key).Order());
        var removed = received.Single(r => S(r.Json["event"]) == "deleted" && S(r.Json["resource"]) == "memberships").Json["data"]!;
        Assert.Equal(bob.Id, S(removed["personId"]));
        // No signature without a secret, but the Standard Webhooks id and timestamp are always there.
        Assert.All(received, r => Assert.Equal("", r.Header("X-Spark-Signature")));
        Assert.All(received, r => Assert.StartsWith("msg_", r.Header("webhook-id")));
    }

    [Fact]
    public async Task Signatures_verify_over_the_received_bytes_which_are_what_json_stringify_writes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice");
        const string secret = "tøp-secret";
        await CreateWebhookAsync(alice, receiver.Url, "rooms", "created", secret: secret);
        const string title = "Café <b>&'/\"\\ 😀 ünïcode\ttab";
        await alice.Client.PostJsonAsync("/v1/rooms", new { title });

        var request = (await receiver.WaitForAsync(r => r.Count >= 1, "the rooms:created event"))[0];

        var sha1 = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), request.Body));
        Assert.Equal(sha1, request.Header("X-Spark-Signature"));
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(request.Body).ToArray();
        var sha256 = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal($"v1,{sha256}", request.Header("webhook-signature"));
        Assert.True(long.TryParse(timestamp, out _));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));

        var body = Encoding.UTF8.GetString(request.Body);
        Assert.Contains("Café <b>&'/\\\"\\\\ 😀 ünïcode\\ttab", body, StringComparison.Ordinal);
        Assert.Equal(title, S(request.Json["data"]!["title"]));
        // Independent check: node's JSON.stringify(JSON.parse(body)) gives back the same bytes.
        Assert.Equal(request.Body, await NodeRestringifyAsync(request.Body));
    }

    private static async Task<byte[]> NodeRestringifyAsync(byte[] body)
    {
        var start = new System.Diagnostics.ProcessStartInfo("node", ["-e", "let d=[];process.stdin.on('data',c=>d.push(c)).on('end',()=>process.stdout.write(JSON.stringify(JSON.parse(Buffer.concat(d).toString('utf8')))))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var node = System.Diagnostics.Process.Start(start)!;
        await node.StandardInput.BaseStream.WriteAsync(body, TestContext.Current.CancellationToken);
        node.StandardInput.Close();
        using var output = new MemoryStream();
        await node.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, node.ExitCode);
        return output.ToArray();
    }

    [Fact]
    public async Task Bots_get_group_messages_only_when_mentioned_and_every_direct_message_and_filters_hold()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice");
        var bot = await server.CreateUserAsync("Helper", PersonType.Bot);
        var carol = await server.CreateUserAsync("Carol");
        var group = await server.CreateGroupRoomAsync([alice, bot]);
        var elsewhere = await server.CreateGroupRoomAsync([alice, carol]);
        var all = await CreateWebhookAsync(bot, receiver.Url + "/all", "messages", "created");
        var direct = await CreateWebhookAsync(bot, receiver.Url + "/direct", "messages", "created", "roomType=direct");
        var aliceMentions = await CreateWebhookAsync(alice, receiver.Url + "/alice", "messages", "created", $"mentionedPeople=me&roomId={Uri.EscapeDataString(group)}");

        var unmentioned = await PostAsync(alice, new { roomId = group, text = "not for the bot" });
        var notVisible = await PostAsync(carol, new { roomId = elsewhere, text = "the bot is not here" });
        var mentioned = await PostAsync(alice, new { roomId = group, markdown = $"<@personId:{bot.Id}|Helper> do it, <@personId:{alice.Id}|me>" });
        var dm = await PostAsync(alice, new { toPersonId = bot.Id, text = "hi bot" });
        var own = await PostAsync(bot, new { roomId = group, text = "bot speaking" });

        var received = await receiver.WaitForAsync(
            r => Has(r, S(mentioned["id"])) && Has(r, S(dm["id"])) && Has(r, S(own["id"])) && r.Count(x => S(x.Json["data"]!["id"]) == S(dm["id"])) >= 2,
            "the mention, the direct message and the bot's own message");
        // Dispatch runs in event order, so earlier events that were not delivered by now never will be.
        var byHook = received.ToLookup(r => S(r.Json["id"]), r => S(r.Json["data"]!["id"]));
        Assert.Equal(new[] { S(mentioned["id"]), S(dm["id"]), S(own["id"]) }.Order(), byHook[S(all["id"])].Order());
        Assert.Equal([S(dm["id"])], byHook[S(direct["id"])].ToArray());
        Assert.Equal([S(mentioned["id"])], byHook[S(aliceMentions["id"])].ToArray());
        Assert.DoesNotContain(received, r => S(r.Json["data"]!["id"]) == S(unmentioned["id"]) || S(r.Json["data"]!["id"]) == S(notVisible["id"]));
    }

    [Fact]
    public async Task A_receiver_that_is_down_for_a_while_gets_every_event_once_it_is_back_and_retry_after_is_honoured()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (n, context) =>
        {
            if (n == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return Task.FromResult(429);
            }
            return Task.FromResult(n <= 3 ? 503 : 200);
        };
        var alice = await server.CreateUserAsync("Alice");
        var room = await server.CreateGroupRoomAsync([alice]);
        var hook = await CreateWebhookAsync(alice, receiver.Url, "messages", "created");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(S((await PostAsync(alice, new { roomId = room, text = $"m{i}" }))["id"]));
        }

        var received = await receiver.WaitForAsync(r => ids.All(id => Has(r, id)), "every message answered with 200");
        Assert.All(ids, id => Assert.Single(received, r => r.AnsweredStatus == 200 && S(r.Json["data"]!["id"]) == id));

        // The receiver answers before the server records the attempt; wait for the log to catch up.
        var log = await WaitForLogAsync(alice, S(hook["id"]), l => l.All(d => S(d!["status"]) != "pending"));
        Assert.Equal(3, log.Count);
        Assert.All(log, d => Assert.Equal("succeeded", S(d!["status"])));
        var first = log.Single(d => d!["attempts"]!.AsArray().Any(a => a!["statusCode"]?.GetValue<int>() == 429))!;
        var attempts = first["attempts"]!.AsArray();
        var rejected = DateTime.Parse(S(attempts[0]!["started"]), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
        var retried = DateTime.Parse(S(attempts[1]!["started"]), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
        Assert.True(retried - rejected >= TimeSpan.FromSeconds(1), "the retry waited for Retry-After");
        Assert.Equal("active", S((await alice.Client.GetJsonAsync($"/v1/webhooks/{S(hook["id"])}")).Body!["status"]));
    }

    [Fact]
    public async Task After_the_failure_threshold_a_webhook_is_inactive_receives_nothing_new_and_resumes_when_reactivated()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var up = false;
        receiver.Respond = (_, _) => Task.FromResult(Volatile.Read(ref up) ? 200 : 500);
        var alice = await server.CreateUserAsync("Alice");
        var room = await server.CreateGroupRoomAsync([alice]);
        var hook = await CreateWebhookAsync(alice, receiver.Url, "messages", "created");
        var hookId = S(hook["id"]);
        var first = S((await PostAsync(alice, new { roomId = room, text = "one" }))["id"]);

        await receiver.WaitForAsync(r => r.Count(x => S(x.Json["data"]!["id"]) == first) >= 5, "five failed attempts");
        JsonNode? current = null;
        for (var i = 0; i < 500 && S((current = (await alice.Client.GetJsonAsync($"/v1/webhooks/{hookId}")).Body!)["status"]) != "inactive"; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.Equal("inactive", S(current!["status"]));
        var whileInactive = S((await PostAsync(alice, new { roomId = room, text = "two" }))["id"]);

        Volatile.Write(ref up, true);
        var whole = current.DeepClone().AsObject();
        whole["status"] = "active";
        var reactivated = await alice.Client.PutJsonAsync($"/v1/webhooks/{hookId}", whole);
        Assert.Equal("active", S(reactivated.Body!["status"]));
        var third = S((await PostAsync(alice, new { roomId = room, text = "three" }))["id"]);

        var received = await receiver.WaitForAsync(r => Has(r, first) && Has(r, third), "the pending delivery and the new event");
        Assert.DoesNotContain(received, r => S(r.Json["data"]!["id"]) == whileInactive);
        var log = (await alice.Client.GetJsonAsync($"/v1/webhooks/{hookId}/deliveries")).Body!["items"]!.AsArray();
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task Without_an_active_webhook_events_are_dispatched_unread_and_a_later_webhook_gets_only_later_events()
    {
        await using var fresh = new WebhookServer();
        await fresh.InitializeAsync();
        var store = fresh.Services.GetRequiredService<IDataStore>();
        var alice = await fresh.CreateUserAsync("Alice");
        var room = await fresh.CreateGroupRoomAsync([alice]);
        var before = S((await PostAsync(alice, new { roomId = room, text = "before any webhook" }))["id"]);
        var caughtUp = false;
        for (var i = 0; i < 1500 && !caughtUp; i++)
        {
            caughtUp = await store.ReadAsync(async s => await s.Outbox.DispatchedThroughAsync() == await s.Outbox.LastSeqAsync());
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.True(caughtUp, "the dispatch position reaches the last event while no webhook is active");

        await using var receiver = await WebhookReceiver.StartAsync();
        await CreateWebhookAsync(alice, receiver.Url, "messages", "created");
        var after = S((await PostAsync(alice, new { roomId = room, text = "after the webhook" }))["id"]);
        var received = await receiver.WaitForAsync(r => Has(r, after), "the message posted after the webhook");
        Assert.DoesNotContain(received, r => S(r.Json["data"]!["id"]) == before);
    }

    [Fact]
    public async Task Redelivery_sends_a_logged_delivery_again_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice");
        var room = await server.CreateGroupRoomAsync([alice]);
        var hook = await CreateWebhookAsync(alice, receiver.Url, "messages", "created", secret: "k");
        var message = S((await PostAsync(alice, new { roomId = room, text = "again" }))["id"]);
        await receiver.WaitForAsync(r => Has(r, message), "the first delivery");
        var log = await WaitForLogAsync(alice, S(hook["id"]), l => l.Count == 1 && S(l[0]!["status"]) != "pending");
        var delivery = log.Single()!;
        Assert.Equal("succeeded", S(delivery["status"]));
        Assert.Equal(200, delivery["attempts"]![0]!["statusCode"]!.GetValue<int>());

        var bob = await server.CreateUserAsync("Bob");
        (await bob.Client.PostJsonAsync($"/v1/webhooks/{S(hook["id"])}/deliveries/{S(delivery["id"])}/redeliver", new { })).AssertWebexError(404);
        var again = await alice.Client.PostJsonAsync($"/v1/webhooks/{S(hook["id"])}/deliveries/{S(delivery["id"])}/redeliver", new { });
        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);
        Assert.Equal("pending", S(again.Body!["status"]));

        var received = await receiver.WaitForAsync(r => r.Count(x => Has([x], message)) >= 2, "the redelivery");
        var copies = received.Where(r => S(r.Json["data"]!["id"]) == message).ToList();
        Assert.Equal(copies[0].Header("webhook-id"), copies[1].Header("webhook-id"));
        Assert.Equal(copies[0].Body, copies[1].Body);
    }

    [Fact]
    public async Task Compliance_events_list_every_change_with_message_text_for_officers_only()
    {
        var alice = await server.CreateUserAsync("Alice");
        var officer = await server.CreateUserAsync("Officer");
        await server.GrantRolesAsync(officer, RoleKeys.ComplianceOfficer);
        var room = await server.CreateGroupRoomAsync([alice]);
        var message = S((await PostAsync(alice, new { roomId = room, text = "audited text" }))["id"]);

        (await alice.Client.GetJsonAsync("/v1/events")).AssertWebexError(403);
        var list = await officer.Client.GetJsonAsync($"/v1/events?resource=messages&type=created&actorId={alice.Id}&max=1");
        Assert.Equal(HttpStatusCode.OK, list.Response.StatusCode);
        var e = list.Body!["items"]!.AsArray().Single()!;
        Assert.Equal("messages", S(e["resource"]));
        Assert.Equal("created", S(e["type"]));
        Assert.Equal(alice.Id, S(e["actorId"]));
        Assert.Equal(message, S(e["data"]!["id"]));
        Assert.Equal("audited text", S(e["data"]!["text"]));
        var single = await officer.Client.GetJsonAsync($"/v1/events/{S(e["id"])}");
        Assert.Equal(e.ToJsonString(), single.Body!.ToJsonString());
        (await officer.Client.GetJsonAsync($"/v1/events?to={Uri.EscapeDataString(DateTime.UtcNow.AddDays(1).ToString("O"))}")).AssertWebexError(400);

        // A change that fails (and rolls back, with its event row, when the unique key catches a concurrent
        // duplicate) is never announced: two concurrent adds give one 200, one 409 and one event.
        var bob = await server.CreateUserAsync("Bob");
        var adds = await Task.WhenAll(
            alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room, personId = bob.Id }),
            alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room, personId = bob.Id }));
        Assert.Equal([200, 409], adds.Select(a => (int)a.Response.StatusCode).Order());
        var joins = await officer.Client.GetJsonAsync($"/v1/events?resource=memberships&type=created&actorId={alice.Id}");
        Assert.Single(joins.Body!["items"]!.AsArray(), j => S(j!["data"]!["roomId"]) == room && S(j!["data"]!["personId"]) == bob.Id);

        var outsider = await server.CreateUserAsync("Outsider", orgId: Guid.NewGuid());
        await server.GrantRolesAsync(outsider, RoleKeys.ComplianceOfficer);
        (await outsider.Client.GetJsonAsync($"/v1/events/{S(e["id"])}")).AssertWebexError(404);
    }

    [Fact]
    public async Task A_message_event_holds_the_message_as_posted_without_the_direct_destination()
    {
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var officer = await server.CreateUserAsync("Officer");
        await server.GrantRolesAsync(officer, RoleKeys.ComplianceOfficer);
        var room = await server.CreateGroupRoomAsync([alice]);
        var inRoom = await PostAsync(alice, new { roomId = room, markdown = "in **the** room" });
        var direct = await PostAsync(alice, new { toPersonEmail = bob.Email, text = "just for Bob" });
        Assert.Equal(bob.Email, S(direct["toPersonEmail"]));

        var events = (await officer.Client.GetJsonAsync($"/v1/events?resource=messages&type=created&actorId={alice.Id}")).Body!["items"]!.AsArray();
        JsonNode DataOf(JsonNode message) => events.Single(e => S(e!["data"]!["id"]) == S(message["id"]))!["data"]!;
        Assert.Equal(inRoom.ToJsonString(), DataOf(inRoom).ToJsonString());
        direct.AsObject().Remove("toPersonEmail");
        Assert.Equal(direct.ToJsonString(), DataOf(direct).ToJsonString());
    }

    [Fact]
    public async Task Loopback_targets_are_refused_at_delivery_time_unless_private_targets_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await guarded.CreateUserAsync("Alice");
        var room = await guarded.CreateGroupRoomAsync([alice]);
        var hook = await CreateWebhookAsync(alice, receiver.Url, "messages", "created");
        await PostAsync(alice, new { roomId = room, text = "to loopback" });

        var log = await WaitForLogAsync(alice, S(hook["id"]), l => l.Count == 1 && l[0]!["attempts"]!.AsArray().Count > 0);
        var attempt = log[0]!["attempts"]![0]!;
        Assert.Null(attempt["statusCode"]);
        Assert.Contains("public address", S(attempt["error"]), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_restart_mid_delivery_loses_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var arrived = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        receiver.Respond = async (n, _) =>
        {
            if (n == 1)
            {
                // The first attempt hangs until the server that sent it is gone; its answer reaches nobody.
                arrived.TrySetResult();
                await release.Task;
                return 599;
            }
            return 200;
        };
        var directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Parley:DataDirectory"] = directory,
            // Long enough that only the restart, not a timeout, can end the first attempt.
            ["Parley:Webhooks:Delivery:Timeout"] = "00:05:00",
        };
        if (Environment.GetEnvironmentVariable("PARLEY_TEST_PROVIDER") == "postgres" && Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } postgres)
        {
            settings["Parley:Storage:Provider"] = "postgres";
            settings["ConnectionStrings:Postgres"] = PostgresDatabase.Create(postgres);
        }
        string message;
        var first = new CustomWebhookServer(settings);
        await first.InitializeAsync();
        try
        {
            var alice = await first.CreateUserAsync("Alice");
            var room = await first.CreateGroupRoomAsync([alice]);
            await CreateWebhookAsync(alice, receiver.Url, "messages", "created");
            message = S((await PostAsync(alice, new { roomId = room, text = "survives a restart" }))["id"]);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
        finally
        {
            await first.DisposeAsync();
        }
        release.SetResult();

        var second = new CustomWebhookServer(settings);
        await second.InitializeAsync();
        try
        {
            var received = await receiver.WaitForAsync(r => Has(r, message), "the interrupted delivery after the restart");
            Assert.Single(received, r => r.AnsweredStatus == 200);
        }
        finally
        {
            await second.DisposeAsync();
            if (settings.GetValueOrDefault("ConnectionStrings:Postgres") is { } database)
            {
                PostgresDatabase.Drop(database);
            }
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<System.Net.WebSockets.ClientWebSocket> ConnectStreamAsync(TestUser user, string query)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {user.Token}");
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/v1/stream", Query = query }.Uri;
        await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return socket;
    }

    private static async Task<JsonNode> ReceiveFrameAsync(System.Net.WebSockets.ClientWebSocket socket, bool skipHeartbeats = true)
    {
        while (true)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(60));
            using var message = new MemoryStream();
            var buffer = new byte[8192];
            System.Net.WebSockets.WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, bound.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            var frame = JsonNode.Parse(message.ToArray())!;
            if (!skipHeartbeats || S(frame["type"]) != "heartbeat")
            {
                return frame;
            }
        }
    }

    [Fact]
    public async Task The_event_stream_sends_eligible_envelopes_heartbeats_and_resumes_after_a_cursor()
    {
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var room = await server.CreateGroupRoomAsync([alice]);
        var bobsRoom = await server.CreateGroupRoomAsync([bob]);
        (await alice.Client.GetJsonAsync("/v1/stream")).AssertWebexError(400);

        string cursor;
        using (var socket = await ConnectStreamAsync(alice, "resource=messages&event=created"))
        {
            var heartbeat = await ReceiveFrameAsync(socket, skipHeartbeats: false);
            Assert.Equal("heartbeat", S(heartbeat["type"]));
            await PostAsync(bob, new { roomId = bobsRoom, text = "not visible to Alice" });
            var first = S((await PostAsync(alice, new { roomId = room, text = "one" }))["id"]);
            var frame = await ReceiveFrameAsync(socket);
            Assert.Equal("event", S(frame["type"]));
            var envelope = frame["envelope"]!;
            Assert.Equal("messages", S(envelope["resource"]));
            Assert.Equal("created", S(envelope["event"]));
            Assert.Equal(alice.Id, S(envelope["createdBy"]));
            Assert.Equal(first, S(envelope["data"]!["id"]));
            Assert.Null(envelope["data"]!["text"]);
            cursor = S(frame["cursor"]);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, TestContext.Current.CancellationToken);
        }

        var second = S((await PostAsync(alice, new { roomId = room, text = "two" }))["id"]);
        var third = S((await PostAsync(alice, new { roomId = room, text = "three" }))["id"]);
        using var resumed = await ConnectStreamAsync(alice, $"resource=messages&event=created&cursor={cursor}");
        Assert.Equal(second, S((await ReceiveFrameAsync(resumed))["envelope"]!["data"]!["id"]));
        Assert.Equal(third, S((await ReceiveFrameAsync(resumed))["envelope"]!["data"]!["id"]));
    }

    [Fact]
    public async Task Deliveries_queued_behind_a_slow_target_for_longer_than_their_lease_are_sent_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async (_, _) =>
        {
            await Task.Delay(400);
            return 200;
        };
        // One attempt at a time per target and a lease of 1.2 s: the sixth delivery waits about 2 s for its turn.
        var slow = new CustomWebhookServer(new Dictionary<string, string?>
        {
            ["Parley:Webhooks:Delivery:ConcurrencyPerTarget"] = "1",
            ["Parley:Webhooks:Delivery:LeaseMargin"] = "00:00:00.200",
        });
        await slow.InitializeAsync();
        try
        {
            var alice = await slow.CreateUserAsync("Alice");
            var room = await slow.CreateGroupRoomAsync([alice]);
            for (var i = 0; i < 6; i++)
            {
                await alice.Client.PostJsonAsync("/v1/webhooks", new { name = $"hook {i}", targetUrl = $"{receiver.Url}/{i}", resource = "messages", @event = "created" });
            }
            await PostAsync(alice, new { roomId = room, text = "to six webhooks" });

            await receiver.WaitForAsync(r => r.Count >= 6, "six deliveries");
            // Long enough for any expired lease to be taken again and sent a second time.
            await Task.Delay(2500, TestContext.Current.CancellationToken);
            Assert.Equal(6, receiver.Received.Select(r => r.Header("webhook-id")).Distinct().Count());
            Assert.Equal(6, receiver.Received.Count);
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stream_closes_at_its_next_heartbeat_once_its_token_is_no_longer_valid()
    {
        var leaver = await server.CreateUserAsync("Leaver");
        using var socket = await ConnectStreamAsync(leaver, "resource=messages");
        Assert.Equal("heartbeat", S((await ReceiveFrameAsync(socket, skipHeartbeats: false))["type"]));

        var disabled = await server.Admin.PutJsonAsync("/v1/people/" + leaver.Id, new { displayName = "Leaver", loginEnabled = false });
        Assert.Equal(HttpStatusCode.OK, disabled.Response.StatusCode);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, bound.Token);
        }
        while (result.MessageType != System.Net.WebSockets.WebSocketMessageType.Close);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
    }

    [Fact]
    public async Task Deleting_a_room_announces_every_removed_member_to_each_of_them_and_org_webhooks_see_rooms_they_are_not_in()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        var officer = await server.CreateUserAsync("Officer");
        await server.GrantRolesAsync(officer, RoleKeys.ComplianceOfficer);
        var room = S((await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Short-lived" })).Body!["id"]);
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room, personId = bob.Id })).Response.StatusCode);
        var bobs = await CreateWebhookAsync(bob, receiver.Url + "/bob", "memberships", "deleted", $"roomId={Uri.EscapeDataString(room)}");
        var org = (await officer.Client.PostJsonAsync("/v1/webhooks", new { name = "dlp", targetUrl = receiver.Url + "/org", resource = "memberships", @event = "deleted", filter = $"roomId={Uri.EscapeDataString(room)}", ownedBy = "org" })).Body!;

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/rooms/{room}")).Response.StatusCode);

        var received = await receiver.WaitForAsync(r => r.Count(x => x.AnsweredStatus == 200) >= 4, "two removals for Bob's and the org's webhook");
        foreach (var hook in new[] { bobs, org })
        {
            var removed = received.Where(r => S(r.Json["id"]) == S(hook["id"])).Select(r => S(r.Json["data"]!["personId"])).Order().ToArray();
            Assert.Equal(new[] { alice.Id, bob.Id }.Order().ToArray(), removed);
        }
        Assert.All(received, r => Assert.Equal(alice.Id, S(r.Json["actorId"])));
        Assert.Equal(HttpStatusCode.NoContent, (await officer.Client.DeleteJsonAsync($"/v1/webhooks/{S(org["id"])}")).Response.StatusCode);
    }

    [Fact]
    public async Task A_first_direct_message_announces_the_room_with_the_title_each_owner_sees()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var alice = await server.CreateUserAsync("Alice Direct");
        var bob = await server.CreateUserAsync("Bob Direct");
        var alicesHook = await CreateWebhookAsync(alice, receiver.Url + "/alice", "rooms", "created");
        var bobsHook = await CreateWebhookAsync(bob, receiver.Url + "/bob", "rooms", "created", "type=direct");
        await PostAsync(alice, new { toPersonId = bob.Id, text = "hello" });

        var received = await receiver.WaitForAsync(r => r.Count(x => x.AnsweredStatus == 200) >= 2, "the direct room for both owners");
        Assert.Equal("Bob Direct", S(received.Single(r => S(r.Json["id"]) == S(alicesHook["id"])).Json["data"]!["title"]));
        Assert.Equal("Alice Direct", S(received.Single(r => S(r.Json["id"]) == S(bobsHook["id"])).Json["data"]!["title"]));
        Assert.All(received, r => Assert.Equal("direct", S(r.Json["data"]!["type"])));
    }
}
