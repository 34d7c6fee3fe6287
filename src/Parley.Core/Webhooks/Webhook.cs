namespace Parley.Core;

/// <summary>A registered webhook. <see cref="Resource"/> and <see cref="Event"/> hold the wire strings.</summary>
public sealed class Webhook
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string TargetUrl { get; set; }

    public required string Resource { get; set; }

    public required string Event { get; set; }

    public string? Filter { get; set; }

    public string? Secret { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Creation or last re-activation. Events older than this are not delivered even if dispatched later, so an
    /// event that happened while the webhook was inactive (or did not exist) never reaches it.
    /// </summary>
    public DateTime ActiveSince { get; set; }

    public DateTime Created { get; set; }

    public Guid OrgId { get; set; }

    public Guid CreatedBy { get; set; }

    public Guid AppId { get; set; }

    /// <summary><c>creator</c> or <c>org</c>.</summary>
    public required string OwnedBy { get; set; }

    /// <summary>Failed attempts since the last success; reaching the configured threshold deactivates the webhook.</summary>
    public int ConsecutiveFailures { get; set; }
}

/// <summary>
/// One change, written in the same transaction as the change itself (transactional outbox). It feeds the
/// compliance Events API, webhook delivery and the event stream.
/// </summary>
public sealed class OutboxEvent
{
    /// <summary>Insertion order; a listing cursor and the dispatch order.</summary>
    public long Seq { get; set; }

    public Guid Id { get; set; }

    public required string Resource { get; set; }

    /// <summary><c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public required string Type { get; set; }

    public Guid ActorId { get; set; }

    public Guid? AppId { get; set; }

    /// <summary>The organization that owns the affected object (the room's owner).</summary>
    public Guid OrgId { get; set; }

    public Guid? RoomId { get; set; }

    public DateTime Created { get; set; }

    /// <summary>The full wire object at the time of the event (messages include their text; webhooks strip it).</summary>
    public required string DataJson { get; set; }

    /// <summary>
    /// People who could read the object just before the change but are no longer room members after it
    /// (a removed member, or every member of a deleted room), as a comma-separated list; null when none.
    /// </summary>
    public string? FormerMembers { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>One event queued for one webhook, with its retry state.</summary>
public sealed class WebhookDelivery
{
    /// <summary>A delivery of one event to one webhook, due at once (first dispatch and redelivery alike).</summary>
    public static WebhookDelivery Pending(Guid webhookId, long eventSeq, DateTime now) => new()
    {
        Id = Uuid7.New(),
        WebhookId = webhookId,
        EventSeq = eventSeq,
        Status = DeliveryStatus.Pending,
        Created = now,
        NextAttemptAt = now,
    };

    public Guid Id { get; set; }

    public Guid WebhookId { get; set; }

    public long EventSeq { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime Created { get; set; }

    public DateTime? Completed { get; set; }

    /// <summary>Set while a worker sends it; an expired lease (a crash mid-send) makes it due again.</summary>
    public DateTime? LeaseUntil { get; set; }
}

/// <summary>One HTTP attempt of a delivery, for the delivery log.</summary>
public sealed class DeliveryAttempt
{
    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    public Guid WebhookId { get; set; }

    public int Number { get; set; }

    public DateTime Started { get; set; }

    public int DurationMs { get; set; }

    /// <summary>HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why the attempt failed without a response (timeout, refused, blocked target).</summary>
    public string? Error { get; set; }
}
