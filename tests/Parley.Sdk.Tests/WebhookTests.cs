using System.Net;
using System.Text;
using Parley.Contracts;
using RoleKeys = Parley.Core.RoleKeys;

namespace Parley.Sdk.Tests;

public sealed class WebhookTests(WebhookSdkServer server) : IClassFixture<WebhookSdkServer>
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The webhook's one delivery, once the server has recorded the receiver's answer (just after the receiver saw it).</summary>
    private static async Task<WebhookDelivery> SucceededAsync(WebexClient client, string webhookId)
    {
        for (var i = 0; ; i++)
        {
            var delivery = Assert.Single(await client.Webhooks.ListDeliveriesAsync(webhookId).ToListAsync());
            if (delivery.Status == "succeeded" || i == 500)
            {
                Assert.Equal("succeeded", delivery.Status);
                return delivery;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Deliveries_verify_with_the_sdk_and_redelivery_sends_the_same_event_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, user, _) = await server.NewUserAsync();
        const string secret = "whsec_" + "c2VjcmV0IGtleSBtYXRlcmlhbA==";
        var hook = await client.Webhooks.CreateAsync(new WebhookRequest { Name = "rooms", TargetUrl = receiver.Url, Resource = "rooms", Event = "created", Secret = secret });
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Café ✓ \"quoted\"" });

        var first = (await receiver.WaitForAsync(r => r.Count >= 1, "the rooms:created delivery"))[0];
        var delivery = await SucceededAsync(client, hook.Id);
        var again = await client.Webhooks.RedeliverAsync(hook.Id, delivery.Id);
        var second = (await receiver.WaitForAsync(r => r.Count >= 2, "the redelivery"))[1];

        foreach (var request in new[] { first, second })
        {
            Assert.True(WebhookPayload.VerifySpark(secret, request.Body, request.Header("X-Spark-Signature")));
            Assert.True(WebhookPayload.VerifyStandard(secret, request.Body, request.Header("webhook-id"), request.Header("webhook-timestamp"), request.Header("webhook-signature")));
            var envelope = WebhookPayload.Parse(request.Body);
            Assert.Equal((hook.Id, "rooms", "created", user.Id), (envelope.Id, envelope.Resource, envelope.Event, envelope.ActorId));
            Assert.Equal(room.Id, envelope.Data.GetProperty("id").GetString());
            Assert.Equal(room.Title, envelope.Data.GetProperty("title").GetString());
        }
        Assert.Equal((hook.Id, delivery.EventId, "pending"), (again.WebhookId, again.EventId, again.Status));
        Assert.NotEqual(delivery.Id, again.Id);
        Assert.Equal(200, Assert.Single(delivery.Attempts).StatusCode);
    }

    [Fact]
    public async Task Tampered_bodies_wrong_secrets_and_stale_or_missing_headers_fail_verification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, _, _) = await server.NewUserAsync();
        const string secret = "plain secret";
        await client.Webhooks.CreateAsync(new WebhookRequest { Name = "rooms", TargetUrl = receiver.Url, Resource = "rooms", Event = "created", Secret = secret });
        await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Signed" });
        var request = (await receiver.WaitForAsync(r => r.Count >= 1, "the rooms:created delivery"))[0];
        var (id, timestamp, signature, spark) = (request.Header("webhook-id"), request.Header("webhook-timestamp"), request.Header("webhook-signature"), request.Header("X-Spark-Signature"));
        var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        var tampered = request.Body.ToArray();
        tampered[^2] ^= 1;

        Assert.True(WebhookPayload.VerifySpark(secret, request.Body, spark.ToUpperInvariant()));
        Assert.False(WebhookPayload.VerifySpark(secret, tampered, spark));
        Assert.False(WebhookPayload.VerifySpark("other", request.Body, spark));
        Assert.False(WebhookPayload.VerifySpark(secret, request.Body, null));
        Assert.False(WebhookPayload.VerifyStandard(secret, tampered, id, timestamp, signature));
        Assert.False(WebhookPayload.VerifyStandard("other", request.Body, id, timestamp, signature));
        Assert.False(WebhookPayload.VerifyStandard(secret, request.Body, "msg_other", timestamp, signature));
        Assert.False(WebhookPayload.VerifyStandard(secret, request.Body, id, timestamp, null));
        Assert.False(WebhookPayload.VerifyStandard(secret, request.Body, id, timestamp, signature, time: new FixedTime(sent.AddMinutes(6))));
        Assert.True(WebhookPayload.VerifyStandard(secret, request.Body, id, timestamp, signature, time: new FixedTime(sent.AddMinutes(4))));
        Assert.True(WebhookPayload.VerifyStandard(secret, request.Body, id, timestamp, "v1,cm90YXRlZA== " + signature));
    }

    [Fact]
    public async Task Webhooks_are_listed_updated_and_deleted()
    {
        var (client, _, _) = await server.NewUserAsync();
        var (other, _, _) = await server.NewUserAsync();
        var created = await client.Webhooks.CreateAsync(new WebhookRequest { Name = "one", TargetUrl = "https://bot.example.com/a", Resource = "messages", Event = "created", Filter = "roomType=direct" });

        var updated = await client.Webhooks.UpdateAsync(created.Id, new WebhookRequest { Name = "renamed", TargetUrl = "https://bot.example.com/b" });
        var listed = await client.Webhooks.ListAsync(new WebhookListOptions { Max = 1 }).ToListAsync();
        var hidden = await Assert.ThrowsAsync<WebexApiException>(() => other.Webhooks.GetAsync(created.Id));
        await client.Webhooks.DeleteAsync(created.Id);

        Assert.Equal(("renamed", "https://bot.example.com/b", "roomType=direct"), (updated.Name, updated.TargetUrl, updated.Filter));
        Assert.Equal(updated, Assert.Single(listed));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Empty(await client.Webhooks.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Compliance_events_are_listed_with_filters_and_fetched_by_id()
    {
        var (officer, officerUser, _) = await server.NewUserAsync("Officer");
        await server.GrantRolesAsync(officerUser, RoleKeys.ComplianceOfficer);
        var (author, authorUser, _) = await server.NewUserAsync("Author");
        var room = await author.Rooms.CreateAsync(new CreateRoomRequest { Title = "Audited" });
        var message = await author.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = "on the record" });

        var events = await officer.Events.ListAsync(new EventListOptions { Resource = "messages", Type = "created", ActorId = authorUser.Id, From = DateTimeOffset.UtcNow.AddMinutes(-5) }).ToListAsync();
        var single = Assert.Single(events);
        var fetched = await officer.Events.GetAsync(single.Id);
        var none = await officer.Events.ListAsync(new EventListOptions { ActorId = authorUser.Id, To = DateTimeOffset.UtcNow.AddMinutes(-5) }).ToListAsync();

        Assert.Equal(message.Id, single.Data.GetProperty("id").GetString());
        Assert.Equal(single.Id, fetched.Id);
        Assert.Equal("on the record", fetched.Data.GetProperty("text").GetString());
        Assert.Empty(none);
        var forbidden = await Assert.ThrowsAsync<WebexApiException>(() => author.Events.ListAsync().ToListAsync().AsTask());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
