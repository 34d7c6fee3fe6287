using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class WebhookStore(ParleyDbContext db) : IWebhookStore
{
    public Task<Webhook?> GetAsync(Guid id) => db.Webhooks.FirstOrDefaultAsync(w => w.Id == id);

    public async Task<IReadOnlyList<Webhook>> ListByOwnerAsync(Guid personId, Guid appId, DateTime? afterCreated, Guid afterId, int limit) =>
        await After(db.Webhooks.Where(w => w.CreatedBy == personId && w.AppId == appId), afterCreated, afterId)
            .OrderBy(w => w.Created).ThenBy(w => w.Id).Take(limit).ToListAsync();

    public async Task<IReadOnlyList<Webhook>> ListOrgOwnedAsync(Guid orgId, DateTime? afterCreated, Guid afterId, int limit) =>
        await After(db.Webhooks.Where(w => w.OrgId == orgId && w.OwnedBy == "org"), afterCreated, afterId)
            .OrderBy(w => w.Created).ThenBy(w => w.Id).Take(limit).ToListAsync();

    private static IQueryable<Webhook> After(IQueryable<Webhook> query, DateTime? created, Guid id) =>
        created is { } c ? query.Where(w => w.Created > c || (w.Created == c && w.Id > id)) : query;

    public async Task<IReadOnlyList<Webhook>> ListActiveMatchingAsync(string resource, string type) =>
        await db.Webhooks
            .Where(w => w.IsActive && (w.Resource == resource || w.Resource == WebhookResources.All) && (w.Event == type || w.Event == WebhookResources.All))
            .OrderBy(w => w.Created).ThenBy(w => w.Id).ToListAsync();

    public Task<bool> AnyActiveAsync() => db.Webhooks.AnyAsync(w => w.IsActive);

    public Task<int> CountByOwnerAsync(Guid personId, Guid appId) =>
        db.Webhooks.CountAsync(w => w.CreatedBy == personId && w.AppId == appId);

    public void Add(Webhook webhook) => db.Webhooks.Add(webhook);

    public Task DeleteAsync(Guid id) => DeleteWhereAsync(db.Webhooks.Where(w => w.Id == id));

    public Task DeleteByAppAsync(Guid appId, Guid? personId) =>
        DeleteWhereAsync(db.Webhooks.Where(w => w.AppId == appId && (personId == null || w.CreatedBy == personId)));

    private async Task DeleteWhereAsync(IQueryable<Webhook> webhooks)
    {
        var ids = webhooks.Select(w => w.Id);
        await db.DeliveryAttempts.Where(a => ids.Contains(a.WebhookId)).ExecuteDeleteAsync();
        await db.WebhookDeliveries.Where(d => ids.Contains(d.WebhookId)).ExecuteDeleteAsync();
        await webhooks.ExecuteDeleteAsync();
    }
}

internal sealed class OutboxStore(StoreContext context) : IOutboxStore
{
    private static readonly SqlStatement Insert = new(
        "INSERT INTO outbox_events (id, resource, type, actor_id, app_id, org_id, room_id, created, data_json, former_members) "
        + "VALUES (@id, @resource, @type, @actor_id, @app_id, @org_id, @room_id, @created, @data_json, @former_members)",
        ("id", SqlType.Guid), ("resource", SqlType.Text), ("type", SqlType.Text), ("actor_id", SqlType.Guid), ("app_id", SqlType.Guid),
        ("org_id", SqlType.Guid), ("room_id", SqlType.Guid), ("created", SqlType.Int64), ("data_json", SqlType.Text),
        ("former_members", SqlType.Text)) { GeneratedKey = "seq" };

    private static readonly SqlStatement MarkDispatched = new(
        $"UPDATE outbox_dispatch SET through_seq = @last WHERE id = {OutboxDispatchPosition.RowId} AND through_seq < @first",
        ("first", SqlType.Int64), ("last", SqlType.Int64));

    /// <summary>Events staged by this write, inserted when the session saves (so a failed write leaves none).</summary>
    private readonly List<OutboxEvent> _pending = [];

    private ParleyDbContext Db => context.Db;

    public void Add(OutboxEvent outboxEvent) => _pending.Add(outboxEvent);

    /// <summary>Inserts the staged events in the order they were added.</summary>
    public async Task FlushAsync()
    {
        if (_pending.Count > 0 && context.Provider.OutboxOrderLock is { } orderLock)
        {
            await (await context.CommandAsync(orderLock)).ExecuteNonQueryAsync();
        }
        foreach (var e in _pending)
        {
            var command = await context.CommandAsync(Insert);
            command.Set(0, e.Id);
            command.Set(1, e.Resource);
            command.Set(2, e.Type);
            command.Set(3, e.ActorId);
            command.Set(4, e.AppId);
            command.Set(5, e.OrgId);
            command.Set(6, e.RoomId);
            command.Set(7, SqlValues.Millis(e.Created));
            command.Set(8, e.DataJson);
            command.Set(9, e.FormerMembers);
            e.Seq = await command.ExecuteInsertAsync();
        }
        _pending.Clear();
    }

    public Task<OutboxEvent?> GetAsync(Guid id) => Db.OutboxEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id);

    public async Task<IReadOnlyList<OutboxEvent>> GetManyAsync(IReadOnlyCollection<long> seqs) =>
        await Db.OutboxEvents.AsNoTracking().Where(e => seqs.Contains(e.Seq)).ToListAsync();

    public async Task<IReadOnlyList<OutboxEvent>> ListAfterAsync(long afterSeq, int limit) =>
        await Db.OutboxEvents.AsNoTracking().Where(e => e.Seq > afterSeq).OrderBy(e => e.Seq).Take(limit).ToListAsync();

    public async Task<long> LastSeqAsync() => await Db.OutboxEvents.MaxAsync(e => (long?)e.Seq) ?? 0;

    public Task<long?> FirstSeqAsync() => Db.OutboxEvents.MinAsync(e => (long?)e.Seq);

    public async Task<IReadOnlyList<OutboxEvent>> ListUndispatchedAsync(int limit)
    {
        var through = await DispatchedThroughAsync();
        return await Db.OutboxEvents.AsNoTracking().Where(e => e.Seq > through).OrderBy(e => e.Seq).Take(limit).ToListAsync();
    }

    public async Task<bool> MarkDispatchedAsync(long firstSeq, long lastSeq)
    {
        var command = await context.CommandAsync(MarkDispatched);
        command.Set(0, firstSeq);
        command.Set(1, lastSeq);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public Task<long> DispatchedThroughAsync() =>
        Db.OutboxDispatch.Where(p => p.Id == OutboxDispatchPosition.RowId).Select(p => p.ThroughSeq).SingleAsync();

    public async Task<IReadOnlyList<OutboxEvent>> ListAsync(EventQuery query, long? beforeSeq, int limit)
    {
        var events = Db.OutboxEvents.AsNoTracking().Where(e => e.OrgId == query.OrgId && e.Created <= query.To);
        if (query.From is { } from)
        {
            events = events.Where(e => e.Created >= from);
        }
        if (query.Resource is { } resource)
        {
            events = events.Where(e => e.Resource == resource);
        }
        if (query.Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }
        if (query.ActorId is { } actor)
        {
            events = events.Where(e => e.ActorId == actor);
        }
        if (beforeSeq is { } before)
        {
            events = events.Where(e => e.Seq < before);
        }
        return await events.OrderByDescending(e => e.Seq).Take(limit).ToListAsync();
    }

    public async Task<int> DeleteDispatchedBeforeAsync(DateTime cutoff)
    {
        var through = await DispatchedThroughAsync();
        return await Db.OutboxEvents.Where(e => e.Created < cutoff && e.Seq <= through
                && !Db.WebhookDeliveries.Any(d => d.EventSeq == e.Seq && d.Status == DeliveryStatus.Pending))
            .ExecuteDeleteAsync();
    }
}

/// <summary>
/// How far webhook dispatch has got through the outbox: one row. Events commit in sequence order (decision 6), so
/// every event up to it is dispatched and none after it; one number to move, rather than a flag on every event with
/// two indexes to keep.
/// </summary>
public sealed class OutboxDispatchPosition
{
    public const int RowId = 1;

    public int Id { get; set; }

    public long ThroughSeq { get; set; }
}

internal sealed class DeliveryStore(ParleyDbContext db) : IDeliveryStore
{
    public void Add(WebhookDelivery delivery) => db.WebhookDeliveries.Add(delivery);

    public Task<WebhookDelivery?> GetAsync(Guid id) => db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id);

    public async Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTime now, DateTime leaseUntil, int limit)
    {
        var due = await Due(now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(limit).ToListAsync();
        foreach (var delivery in due)
        {
            delivery.LeaseUntil = leaseUntil;
        }
        return due;
    }

    public Task<bool> AnyDueAsync(DateTime now) => Due(now).AnyAsync();

    public async Task<bool> RenewLeaseAsync(Guid deliveryId, DateTime heldUntil, DateTime newUntil) =>
        await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.LeaseUntil == heldUntil)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseUntil, newUntil)) == 1;

    private IQueryable<WebhookDelivery> Due(DateTime now) =>
        db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
            && (d.LeaseUntil == null || d.LeaseUntil < now)
            && db.Webhooks.Any(w => w.Id == d.WebhookId && w.IsActive));

    public async Task<IReadOnlyList<WebhookDelivery>> ListByWebhookAsync(Guid webhookId, DateTime? beforeCreated, Guid beforeId, int limit)
    {
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId);
        if (beforeCreated is { } c)
        {
            deliveries = deliveries.Where(d => d.Created < c || (d.Created == c && d.Id < beforeId));
        }
        return await deliveries.OrderByDescending(d => d.Created).ThenByDescending(d => d.Id).Take(limit).ToListAsync();
    }

    public Task ResumeAsync(Guid webhookId, DateTime now) =>
        db.WebhookDeliveries.Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.LeaseUntil, (DateTime?)null));

    public void AddAttempt(DeliveryAttempt attempt) => db.DeliveryAttempts.Add(attempt);

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(IReadOnlyCollection<Guid> deliveryIds) =>
        await db.DeliveryAttempts.AsNoTracking().Where(a => deliveryIds.Contains(a.DeliveryId)).ToListAsync();

    public async Task<int> DeleteCompletedBeforeAsync(DateTime cutoff)
    {
        var old = db.WebhookDeliveries.Where(d => d.Status != DeliveryStatus.Pending && d.Completed < cutoff).Select(d => d.Id);
        await db.DeliveryAttempts.Where(a => old.Contains(a.DeliveryId)).ExecuteDeleteAsync();
        return await db.WebhookDeliveries.Where(d => d.Status != DeliveryStatus.Pending && d.Completed < cutoff).ExecuteDeleteAsync();
    }
}
