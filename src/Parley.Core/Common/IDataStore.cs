namespace Parley.Core;

/// <summary>
/// The unit of work over storage. A write runs its delegate inside one transaction and commits it
/// durably before the returned task completes; a write delegate must only touch storage (no network,
/// no waiting), because providers may run several writes back to back in one batch commit, and may run a
/// delegate again after rolling back (a batch with a failed write, a deadlock victim).
/// </summary>
public interface IDataStore
{
    Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default);

    Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default);
}

/// <summary>The narrow per-resource stores, all bound to one database session.</summary>
public interface IStoreSession
{
    IOrganizationStore Organizations { get; }

    IPersonStore People { get; }

    ITokenStore Tokens { get; }

    IRoomStore Rooms { get; }

    IMembershipStore Memberships { get; }

    ITeamStore Teams { get; }

    ITeamMembershipStore TeamMemberships { get; }

    IRoomTabStore RoomTabs { get; }

    IMessageStore Messages { get; }

    IAttachmentActionStore AttachmentActions { get; }

    IDeletedFileStore DeletedFiles { get; }

    ILicenseStore Licenses { get; }

    IAuditEventStore AuditEvents { get; }

    IOAuthStore OAuth { get; }

    IAccountStore Accounts { get; }
    IWebhookStore Webhooks { get; }

    IOutboxStore Outbox { get; }

    IDeliveryStore Deliveries { get; }
}
