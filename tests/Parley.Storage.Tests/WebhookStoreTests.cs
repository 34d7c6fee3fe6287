using Parley.Core;
using Parley.Storage;

namespace Parley.Storage.Tests;

/// <summary>The outbox and delivery queue contract, on every provider.</summary>
public abstract class WebhookStoreTests(IStoreProvider provider) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => provider.DisposeAsync();

    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static OutboxEvent NewEvent(Guid orgId, string resource, string type, DateTime created) => new()
    {
        Id = Guid.CreateVersion7(),
        Resource = resource,
        Type = type,
        ActorId = Guid.CreateVersion7(),
        OrgId = orgId,
        RoomId = Guid.CreateVersion7(),
        Created = created,
        DataJson = "{\"id\":\"x\"}",
    };

    private static Webhook NewWebhook(Guid orgId, Guid owner, string resource, string @event, bool active = true) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = "hook",
        TargetUrl = "https://example.com/hook",
        Resource = resource,
        Event = @event,
        IsActive = active,
        Created = T0,
        OrgId = orgId,
        CreatedBy = owner,
        AppId = BuiltInApps.DeveloperPortal,
        OwnedBy = "creator",
    };

    [Fact]
    public async Task Outbox_events_get_increasing_sequence_numbers_and_are_dispatched_once_marked()
    {
        await using var store = await provider.OpenAsync("outbox");
        var org = Guid.CreateVersion7();
        OutboxEvent[] added = [NewEvent(org, "rooms", "created", T0), NewEvent(org, "messages", "created", T0.AddSeconds(1)),
            NewEvent(org, "messages", "deleted", T0.AddSeconds(2))];
        await store.WriteAsync(s =>
        {
            s.Outbox.Add(added[0]);
            s.Outbox.Add(added[1]);
            return Task.FromResult(true);
        });
        await store.WriteAsync(s =>
        {
            s.Outbox.Add(added[2]);
            return Task.FromResult(true);
        });

        var pending = await store.ReadAsync(s => s.Outbox.ListUndispatchedAsync(10));
        Assert.Equal(["created", "created", "deleted"], pending.Select(e => e.Type));
        Assert.True(pending[0].Seq < pending[1].Seq && pending[1].Seq < pending[2].Seq);
        // Each write learns the sequence numbers its events were stored under.
        Assert.Equal(pending.Select(e => (e.Id, e.Seq)), added.Select(e => (e.Id, e.Seq)));
        Assert.True(await store.WriteAsync(s => s.Outbox.MarkDispatchedAsync(pending[0].Seq, pending[1].Seq)));
        // Another node marking the same batch, or one overlapping it, must not keep its plan.
        Assert.False(await store.WriteAsync(s => s.Outbox.MarkDispatchedAsync(pending[0].Seq, pending[1].Seq)));
        Assert.False(await store.WriteAsync(s => s.Outbox.MarkDispatchedAsync(pending[1].Seq, pending[2].Seq)));
        Assert.Equal(pending[2].Id, Assert.Single(await store.ReadAsync(s => s.Outbox.ListUndispatchedAsync(10))).Id);

        // The compliance listing: newest first, filtered, keyset-paged by sequence.
        var messages = await store.ReadAsync(s => s.Outbox.ListAsync(new EventQuery(org, "messages", null, null, null, T0.AddDays(1)), null, 1));
        Assert.Equal("deleted", Assert.Single(messages).Type);
        var older = await store.ReadAsync(s => s.Outbox.ListAsync(new EventQuery(org, "messages", null, null, null, T0.AddDays(1)), messages[0].Seq, 10));
        Assert.Equal("created", Assert.Single(older).Type);
        Assert.Empty(await store.ReadAsync(s => s.Outbox.ListAsync(new EventQuery(Guid.CreateVersion7(), null, null, null, null, T0.AddDays(1)), null, 10)));
        Assert.Single(await store.ReadAsync(s => s.Outbox.ListAsync(new EventQuery(org, null, null, null, T0.AddSeconds(2), T0.AddDays(1)), null, 10)));

        var dropped = await store.WriteAsync(s => s.Outbox.DeleteDispatchedBeforeAsync(T0.AddDays(1)));
        Assert.Equal(2, dropped);
        Assert.NotNull(await store.ReadAsync(s => s.Outbox.GetAsync(pending[2].Id)));
    }

    [Fact]
    public async Task Outbox_events_commit_in_sequence_order_so_a_reader_following_the_sequence_skips_none()
    {
        await using var store = await provider.OpenAsync("outbox_order");
        var org = Guid.CreateVersion7();
        var firstInserted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();

        var first = Task.Run(() => store.WriteAsync(async s =>
        {
            var e = NewEvent(org, "messages", "created", T0);
            s.Outbox.Add(e);
            await ((EfStoreSession)s).SaveChangesAsync();
            firstInserted.SetResult();
            await releaseFirst.Task;
            return e;
        }));
        await firstInserted.Task;
        var second = Task.Run(async () =>
        {
            var e = await store.WriteAsync(s =>
            {
                var e = NewEvent(org, "messages", "created", T0);
                s.Outbox.Add(e);
                return Task.FromResult(e);
            });
            // What a reader following the sequence sees as soon as the later-numbered event is committed.
            var visible = await store.ReadAsync(s => s.Outbox.ListAfterAsync(0, 10));
            return (Event: e, Visible: visible.Select(v => v.Seq).ToList());
        });
        // The second write either commits while the first is still open (the gap this test is about) or waits for
        // it; the bound only decides how long to give it before letting the first commit.
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(2)));
        releaseFirst.SetResult();
        var earlier = await first;
        var (later, visibleThen) = await second;

        Assert.True(earlier.Seq < later.Seq);
        Assert.Contains(earlier.Seq, visibleThen);
    }

    [Fact]
    public async Task Webhooks_match_their_resource_and_event_directly_or_through_all_when_active()
    {
        await using var store = await provider.OpenAsync("matching");
        var org = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var created = NewWebhook(org, owner, "messages", "created");
        var firehose = NewWebhook(org, owner, "all", "all");
        var anyMessage = NewWebhook(org, owner, "messages", "all");
        var inactive = NewWebhook(org, owner, "messages", "created", active: false);
        var rooms = NewWebhook(org, owner, "rooms", "created");
        await store.WriteAsync(s =>
        {
            foreach (var w in new[] { created, firehose, anyMessage, inactive, rooms })
            {
                s.Webhooks.Add(w);
            }
            return Task.FromResult(true);
        });

        var matching = await store.ReadAsync(s => s.Webhooks.ListActiveMatchingAsync("messages", "created"));
        Assert.Equal(new[] { created.Id, firehose.Id, anyMessage.Id }.Order(), matching.Select(w => w.Id).Order());
        Assert.Equal(5, await store.ReadAsync(s => s.Webhooks.CountByOwnerAsync(owner, BuiltInApps.DeveloperPortal)));
        var page = await store.ReadAsync(s => s.Webhooks.ListByOwnerAsync(owner, BuiltInApps.DeveloperPortal, null, Guid.Empty, 2));
        var rest = await store.ReadAsync(s => s.Webhooks.ListByOwnerAsync(owner, BuiltInApps.DeveloperPortal, page[^1].Created, page[^1].Id, 10));
        Assert.Equal(5, page.Concat(rest).Select(w => w.Id).Distinct().Count());
    }

    [Fact]
    public async Task Due_deliveries_are_leased_once_until_the_lease_expires_and_only_for_active_webhooks()
    {
        await using var store = await provider.OpenAsync("leases");
        var org = Guid.CreateVersion7();
        var active = NewWebhook(org, Guid.CreateVersion7(), "messages", "created");
        var inactive = NewWebhook(org, Guid.CreateVersion7(), "messages", "created", active: false);
        var e = NewEvent(org, "messages", "created", T0);
        WebhookDelivery Delivery(Webhook w, DateTime due) => new()
        {
            Id = Guid.CreateVersion7(),
            WebhookId = w.Id,
            EventSeq = e.Seq,
            Status = DeliveryStatus.Pending,
            Created = T0,
            NextAttemptAt = due,
        };
        var now = Delivery(active, T0);
        var later = Delivery(active, T0.AddMinutes(5));
        var blocked = Delivery(inactive, T0);
        await store.WriteAsync(s =>
        {
            s.Outbox.Add(e);
            s.Webhooks.Add(active);
            s.Webhooks.Add(inactive);
            s.Deliveries.Add(now);
            s.Deliveries.Add(later);
            s.Deliveries.Add(blocked);
            return Task.FromResult(true);
        });

        Assert.True(await store.ReadAsync(s => s.Deliveries.AnyDueAsync(T0)));
        var leased = await store.WriteAsync(s => s.Deliveries.LeaseDueAsync(T0, T0.AddSeconds(30), 10));
        Assert.False(await store.ReadAsync(s => s.Deliveries.AnyDueAsync(T0.AddSeconds(10))));
        Assert.Equal(now.Id, Assert.Single(leased).Id);
        Assert.Empty(await store.WriteAsync(s => s.Deliveries.LeaseDueAsync(T0.AddSeconds(10), T0.AddSeconds(40), 10)));
        // A worker that died mid-send: its lease runs out and the delivery is due again.
        Assert.Equal(now.Id, Assert.Single(await store.WriteAsync(s => s.Deliveries.LeaseDueAsync(T0.AddSeconds(31), T0.AddSeconds(61), 10))).Id);

        // Re-activation makes the inactive webhook's pending deliveries due now.
        await store.WriteAsync(async s =>
        {
            (await s.Webhooks.GetAsync(inactive.Id))!.IsActive = true;
            await s.Deliveries.ResumeAsync(inactive.Id, T0.AddMinutes(1));
            return true;
        });
        Assert.Equal(blocked.Id, Assert.Single(await store.WriteAsync(s => s.Deliveries.LeaseDueAsync(T0.AddMinutes(1), T0.AddMinutes(2), 10))).Id);

        // Finished deliveries leave the log after the retention; deleting a webhook removes its deliveries.
        await store.WriteAsync(async s =>
        {
            var d = (await s.Deliveries.GetAsync(now.Id))!;
            d.Status = DeliveryStatus.Succeeded;
            d.Completed = T0;
            s.Deliveries.AddAttempt(new DeliveryAttempt { Id = Guid.CreateVersion7(), DeliveryId = d.Id, WebhookId = active.Id, Number = 1, Started = T0, StatusCode = 200 });
            return true;
        });
        Assert.Single(await store.ReadAsync(s => s.Deliveries.ListAttemptsAsync([now.Id])));
        Assert.Equal(1, await store.WriteAsync(s => s.Deliveries.DeleteCompletedBeforeAsync(T0.AddDays(1))));
        Assert.Empty(await store.ReadAsync(s => s.Deliveries.ListAttemptsAsync([now.Id])));
        await store.WriteAsync(async s =>
        {
            await s.Webhooks.DeleteAsync(active.Id);
            return true;
        });
        Assert.Empty(await store.ReadAsync(s => s.Deliveries.ListByWebhookAsync(active.Id, null, Guid.Empty, 10)));
        Assert.Single(await store.ReadAsync(s => s.Deliveries.ListByWebhookAsync(inactive.Id, null, Guid.Empty, 10)));
    }
}

public sealed class SqliteWebhookStoreTests() : WebhookStoreTests(new SqliteProvider());

public sealed class PostgresWebhookStoreTests() : WebhookStoreTests(new PostgresProvider());
