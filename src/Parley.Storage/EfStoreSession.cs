using Parley.Core;

namespace Parley.Storage;

/// <summary>All narrow stores bound to one <see cref="ParleyDbContext"/>.</summary>
public sealed class EfStoreSession(ParleyDbContext db) : IStoreSession
{
    public ParleyDbContext Db { get; } = db;

    public IOrganizationStore Organizations { get; } = new OrganizationStore(db);

    public IPersonStore People { get; } = new PersonStore(db);

    public ITokenStore Tokens { get; } = new TokenStore(db);

    public IRoomStore Rooms { get; } = new RoomStore(db);

    public IMembershipStore Memberships { get; } = new MembershipStore(db);

    public ITeamStore Teams { get; } = new TeamStore(db);

    public ITeamMembershipStore TeamMemberships { get; } = new TeamMembershipStore(db);

    public IRoomTabStore RoomTabs { get; } = new RoomTabStore(db);

    public IMessageStore Messages { get; } = new MessageStore(db);

    public IAttachmentActionStore AttachmentActions { get; } = new AttachmentActionStore(db);

    public IDeletedFileStore DeletedFiles { get; } = new DeletedFileStore(db);

    public ILicenseStore Licenses { get; } = new LicenseStore(db);

    public IAuditEventStore AuditEvents { get; } = new AuditEventStore(db);

    public IOAuthStore OAuth { get; } = new OAuthStore(db);

    public IAccountStore Accounts { get; } = new AccountStore(db);

    public IWebhookStore Webhooks { get; } = new WebhookStore(db);

    public IOutboxStore Outbox { get; } = new OutboxStore(db);

    public IDeliveryStore Deliveries { get; } = new DeliveryStore(db);
}
