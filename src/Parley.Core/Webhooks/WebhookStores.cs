namespace Parley.Core;

public interface IWebhookStore
{
    Task<Webhook?> GetAsync(Guid id);

    /// <summary>Webhooks created by a person through an app, by (created, id) after the given key.</summary>
    Task<IReadOnlyList<Webhook>> ListByOwnerAsync(Guid personId, Guid appId, DateTime? afterCreated, Guid afterId, int limit);

    /// <summary>Org-owned webhooks of an organization, by (created, id) after the given key.</summary>
    Task<IReadOnlyList<Webhook>> ListOrgOwnedAsync(Guid orgId, DateTime? afterCreated, Guid afterId, int limit);

    /// <summary>Active webhooks whose resource and event match (directly or through <c>all</c>).</summary>
    Task<IReadOnlyList<Webhook>> ListActiveMatchingAsync(string resource, string type);

    /// <summary>Whether any webhook is active.</summary>
    Task<bool> AnyActiveAsync();

    Task<int> CountByOwnerAsync(Guid personId, Guid appId);

    void Add(Webhook webhook);

    /// <summary>Deletes a webhook with its deliveries and their attempts.</summary>
    Task DeleteAsync(Guid id);

    /// <summary>Deletes the webhooks an application created, for one person or (null) for everyone.</summary>
    Task DeleteByAppAsync(Guid appId, Guid? personId);
}

public sealed record EventQuery(Guid OrgId, string? Resource, string? Type, Guid? ActorId, DateTime? From, DateTime To);

public interface IOutboxStore
{
    void Add(OutboxEvent outboxEvent);

    Task<OutboxEvent?> GetAsync(Guid id);

    Task<IReadOnlyList<OutboxEvent>> GetManyAsync(IReadOnlyCollection<long> seqs);

    /// <summary>Events after a sequence number, oldest first (the event stream).</summary>
    Task<IReadOnlyList<OutboxEvent>> ListAfterAsync(long afterSeq, int limit);

    /// <summary>The highest sequence number in the outbox, 0 when empty.</summary>
    Task<long> LastSeqAsync();

    /// <summary>The lowest sequence number still retained, or null when empty.</summary>
    Task<long?> FirstSeqAsync();

    /// <summary>Events not yet matched against webhooks, oldest first.</summary>
    Task<IReadOnlyList<OutboxEvent>> ListUndispatchedAsync(int limit);

    /// <summary>The sequence number every event up to which is dispatched.</summary>
    Task<long> DispatchedThroughAsync();

    /// <summary>
    /// Marks every event up to <paramref name="lastSeq"/> dispatched, unless the event <paramref name="firstSeq"/>
    /// already is (another node dispatched this batch first): false then. The outbox keeps one dispatch position, not
    /// a mark per event, since events commit in sequence order: a batch from <see cref="ListUndispatchedAsync"/> is
    /// every undispatched event up to its last.
    /// </summary>
    Task<bool> MarkDispatchedAsync(long firstSeq, long lastSeq);

    /// <summary>Events of an organization, newest first, strictly before <paramref name="beforeSeq"/> when given.</summary>
    Task<IReadOnlyList<OutboxEvent>> ListAsync(EventQuery query, long? beforeSeq, int limit);

    /// <summary>Drops dispatched events created before the cutoff.</summary>
    Task<int> DeleteDispatchedBeforeAsync(DateTime cutoff);
}

public interface IDeliveryStore
{
    void Add(WebhookDelivery delivery);

    Task<WebhookDelivery?> GetAsync(Guid id);

    /// <summary>
    /// Pending deliveries that are due, of active webhooks, not leased by a live worker, oldest first; they are
    /// leased until <paramref name="leaseUntil"/> so that another pass does not take them again.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTime now, DateTime leaseUntil, int limit);

    /// <summary>Whether any delivery is due (a read, so an idle poll costs no commit).</summary>
    Task<bool> AnyDueAsync(DateTime now);

    /// <summary>Extends a lease still held until <paramref name="heldUntil"/>; false when it was lost (taken again after running out).</summary>
    Task<bool> RenewLeaseAsync(Guid deliveryId, DateTime heldUntil, DateTime newUntil);

    /// <summary>A webhook's deliveries, newest first, before the given (created, id) key.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListByWebhookAsync(Guid webhookId, DateTime? beforeCreated, Guid beforeId, int limit);

    /// <summary>Makes every pending delivery of a webhook due now (after re-activation).</summary>
    Task ResumeAsync(Guid webhookId, DateTime now);

    void AddAttempt(DeliveryAttempt attempt);

    Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(IReadOnlyCollection<Guid> deliveryIds);

    /// <summary>Drops finished deliveries (and their attempts) completed before the cutoff.</summary>
    Task<int> DeleteCompletedBeforeAsync(DateTime cutoff);
}
