using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Core;

namespace Parley.Storage;

/// <summary>
/// What a session's stores run on: an EF Core context and a connection for the raw statements of the hot paths.
/// A read session creates its context only when a store needs EF, so a request answered by raw statements alone
/// never pays for one. A write session has both from the start, on one connection and one transaction.
/// </summary>
public sealed class StoreContext : IAsyncDisposable
{
    private readonly Func<ParleyDbContext>? _createDb;
    private readonly SqlProvider? _provider;
    private readonly CancellationToken _cancellationToken;
    private ParleyDbContext? _db;
    private RawConnection? _raw;

    /// <summary>A read session: the context and the raw connection are both taken on first use.</summary>
    public StoreContext(Func<ParleyDbContext> createDb, SqlProvider provider, CancellationToken cancellationToken)
    {
        _createDb = createDb;
        _provider = provider;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// A write session: raw statements run on the context's own connection, in its transaction. Changes are detected
    /// once, when the session saves, rather than on every lookup of a tracked entity (EF's default, which cost the
    /// message writer more than its inserts).
    /// </summary>
    public StoreContext(ParleyDbContext db, RawConnection raw)
    {
        _db = db;
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        _raw = raw;
        IsTracking = true;
    }

    /// <summary>Writes track what they read (services change entities and save them); reads do not.</summary>
    public bool IsTracking { get; }

    public ParleyDbContext Db => _db ??= _createDb!();

    /// <summary>The provider of this session's raw statements.</summary>
    public SqlProvider Provider => _provider ?? _raw!.Provider;

    public bool HasDb => _db is not null;

    /// <summary>The statement's command, on this session's connection and in its transaction.</summary>
    public async ValueTask<RawCommand> CommandAsync(SqlStatement statement)
    {
        _raw ??= await _provider!.RentAsync(_cancellationToken);
        return _raw.Command(statement, _db?.Database.CurrentTransaction?.GetDbTransaction());
    }

    /// <summary>The one row <paramref name="statement"/> selects by the ID bound to it, read and tracked (see <see cref="Track"/>); null if none.</summary>
    public async Task<T?> GetByIdAsync<T>(SqlStatement statement, Guid id, Func<RawReader, T> read, Func<T, object[]> key) where T : class
    {
        var command = await CommandAsync(statement);
        command.Set(0, id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Track(read(reader), key) : null;
    }

    /// <summary>
    /// In a write session, the instance EF already tracks for this key (as a tracking query would return), else
    /// <paramref name="entity"/> attached unchanged, so that changes to it are saved like those to a queried entity.
    /// </summary>
    /// <param name="entity">The entity as read.</param>
    /// <param name="key">Its primary key values; asked for only in write sessions, so reads allocate no key.</param>
    public T Track<T>(T entity, Func<T, object[]> key) where T : class
    {
        if (!IsTracking)
        {
            return entity;
        }
        var entry = Db.Set<T>().Local.FindEntryUntyped(key(entity));
        if (entry is null)
        {
            // The entity alone, not a graph walk as Attach does: raw reads fill no navigations.
            Db.Entry(entity).State = EntityState.Unchanged;
            return entity;
        }
        return entry.State == EntityState.Added ? entity : entry.Entity;
    }

    /// <summary>Ends a read session: the raw connection goes back to the provider, the context to its pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_raw is not null && _provider is not null)
        {
            await _provider.ReturnAsync(_raw);
        }
        _raw = null;
        if (_db is not null && _createDb is not null)
        {
            await _db.DisposeAsync();
        }
        _db = null;
    }
}

/// <summary>All narrow stores of one session; the ones that need only EF are created when first used.</summary>
public sealed class EfStoreSession(StoreContext context) : IStoreSession
{
    private IOrganizationStore? _organizations;
    private IPersonStore? _people;
    private ITokenStore? _tokens;
    private IRoomStore? _rooms;
    private IMembershipStore? _memberships;
    private ITeamStore? _teams;
    private ITeamMembershipStore? _teamMemberships;
    private IRoomTabStore? _roomTabs;
    private IMessageStore? _messages;
    private IAttachmentActionStore? _attachmentActions;
    private IDeletedFileStore? _deletedFiles;
    private ILicenseStore? _licenses;
    private IAuditEventStore? _auditEvents;
    private IOAuthStore? _oauth;
    private IAccountStore? _accounts;
    private IWebhookStore? _webhooks;
    private OutboxStore? _outbox;
    private IDeliveryStore? _deliveries;

    public StoreContext Context { get; } = context;

    public IOrganizationStore Organizations => _organizations ??= new OrganizationStore(Context.Db);

    public IPersonStore People => _people ??= new PersonStore(Context);

    public ITokenStore Tokens => _tokens ??= new TokenStore(Context.Db);

    public IRoomStore Rooms => _rooms ??= new RoomStore(Context);

    public IMembershipStore Memberships => _memberships ??= new MembershipStore(Context);

    public ITeamStore Teams => _teams ??= new TeamStore(Context.Db);

    public ITeamMembershipStore TeamMemberships => _teamMemberships ??= new TeamMembershipStore(Context.Db);

    public IRoomTabStore RoomTabs => _roomTabs ??= new RoomTabStore(Context.Db);

    public IMessageStore Messages => _messages ??= new MessageStore(Context);

    public IAttachmentActionStore AttachmentActions => _attachmentActions ??= new AttachmentActionStore(Context.Db);

    public IDeletedFileStore DeletedFiles => _deletedFiles ??= new DeletedFileStore(Context.Db);

    public ILicenseStore Licenses => _licenses ??= new LicenseStore(Context.Db);

    public IAuditEventStore AuditEvents => _auditEvents ??= new AuditEventStore(Context.Db);

    public IOAuthStore OAuth => _oauth ??= new OAuthStore(Context.Db);

    public IAccountStore Accounts => _accounts ??= new AccountStore(Context.Db);

    public IWebhookStore Webhooks => _webhooks ??= new WebhookStore(Context.Db);

    public IOutboxStore Outbox => _outbox ??= new OutboxStore(Context);

    public IDeliveryStore Deliveries => _deliveries ??= new DeliveryStore(Context.Db);

    /// <summary>
    /// Writes what the session staged: EF's tracked changes, then the outbox events last, so that a provider's
    /// outbox order lock is taken after every row lock the write needs and is held only until the commit.
    /// </summary>
    public async Task SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        if (Context.HasDb)
        {
            var tracker = Context.Db.ChangeTracker;
            tracker.DetectChanges();
            if (tracker.HasChanges())
            {
                await Context.Db.SaveChangesAsync(cancellationToken);
            }
        }
        if (_outbox is not null)
        {
            await _outbox.FlushAsync();
        }
    }
}
