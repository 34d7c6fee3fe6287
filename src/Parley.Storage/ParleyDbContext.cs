using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Parley.Core;

namespace Parley.Storage;

/// <summary>
/// The one EF Core model, shared by every provider. No navigation properties: cascades are explicit in the
/// stores, so both providers behave the same. Timestamps are stored as Unix milliseconds (sortable and
/// identical on SQLite and PostgreSQL); enums as strings.
/// </summary>
public sealed class ParleyDbContext(DbContextOptions<ParleyDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<PersonRole> PersonRoles => Set<PersonRole>();

    public DbSet<PersonLicense> PersonLicenses => Set<PersonLicense>();

    public DbSet<License> Licenses => Set<License>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<Room> Rooms => Set<Room>();

    public DbSet<RoomTab> RoomTabs => Set<RoomTab>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageMention> MessageMentions => Set<MessageMention>();

    public DbSet<AttachmentAction> AttachmentActions => Set<AttachmentAction>();

    public DbSet<DeletedFile> DeletedFiles => Set<DeletedFile>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<OAuthGrant> OAuthGrants => Set<OAuthGrant>();

    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();

    public DbSet<PasswordCredential> PasswordCredentials => Set<PasswordCredential>();

    public DbSet<PasswordTicket> PasswordTickets => Set<PasswordTicket>();

    public DbSet<BotOwner> BotOwners => Set<BotOwner>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();

    public DbSet<OutboxDispatchPosition> OutboxDispatch => Set<OutboxDispatchPosition>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<PersonType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RoomType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TokenKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <summary>
    /// Lower-cased copies of a person's names (shadow properties, kept here rather than in the domain), indexed so a
    /// case-insensitive prefix search is an index range on both providers. Set on every save.
    /// </summary>
    public static class NameKeys
    {
        public const string Display = "DisplayNameKey";
        public const string First = "FirstNameKey";
        public const string Last = "LastNameKey";
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<Person>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Property(NameKeys.Display).CurrentValue = entry.Entity.DisplayName.ToLowerInvariant();
            entry.Property(NameKeys.First).CurrentValue = entry.Entity.FirstName?.ToLowerInvariant();
            entry.Property(NameKeys.Last).CurrentValue = entry.Entity.LastName?.ToLowerInvariant();
        }
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(o => o.DisplayName).HasMaxLength(256);
        });

        modelBuilder.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasIndex(p => p.Email).IsUnique();
            e.HasIndex(p => new { p.OrgId, p.DisplayName, p.Id });
            e.HasIndex(p => new { p.DisplayName, p.Id });
            // Byte order, so [prefix, prefix + U+10FFFF) holds exactly the names with the prefix. SQLite compares
            // bytes already (its migration leaves the collation out); PostgreSQL needs "C" against locale rules.
            e.Property<string>(NameKeys.Display).IsRequired().HasDefaultValue("").UseCollation("C");
            e.Property<string?>(NameKeys.First).UseCollation("C");
            e.Property<string?>(NameKeys.Last).UseCollation("C");
            e.HasIndex(nameof(Person.OrgId), NameKeys.Display);
            e.HasIndex(nameof(Person.OrgId), NameKeys.First);
            e.HasIndex(nameof(Person.OrgId), NameKeys.Last);
        });

        modelBuilder.Entity<PersonRole>(e =>
        {
            e.ToTable("person_roles");
            e.HasKey(r => new { r.PersonId, r.RoleKey });
            e.HasIndex(r => new { r.RoleKey, r.PersonId });
        });

        modelBuilder.Entity<PersonLicense>(e =>
        {
            e.ToTable("person_licenses");
            e.HasKey(l => new { l.PersonId, l.LicenseId });
            e.HasIndex(l => new { l.LicenseId, l.PersonId });
        });

        modelBuilder.Entity<License>(e =>
        {
            e.ToTable("licenses");
            e.HasIndex(l => l.OrgId);
        });

        modelBuilder.Entity<AccessToken>(e =>
        {
            e.ToTable("access_tokens");
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.PersonId);
            e.HasIndex(t => t.GrantId);
        });

        modelBuilder.Entity<Room>(e =>
        {
            e.ToTable("rooms");
            e.HasIndex(r => r.DirectPairKey).IsUnique();
            e.HasIndex(r => new { r.TeamId, r.Id });
            e.HasIndex(r => new { r.OwnerOrgId, r.IsPublic, r.MadePublic });
        });

        modelBuilder.Entity<RoomTab>(e =>
        {
            e.ToTable("room_tabs");
            e.HasIndex(t => new { t.RoomId, t.Created, t.Id });
        });

        modelBuilder.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasKey(m => new { m.PersonId, m.RoomId });
            e.HasIndex(m => new { m.RoomId, m.Created, m.PersonId });
            e.HasIndex(m => new { m.PersonId, m.Created, m.RoomId });
        });

        modelBuilder.Entity<Team>(e => e.ToTable("teams"));

        modelBuilder.Entity<TeamMembership>(e =>
        {
            e.ToTable("team_memberships");
            e.HasKey(m => new { m.PersonId, m.TeamId });
            e.HasIndex(m => new { m.TeamId, m.Created, m.PersonId });
            e.HasIndex(m => new { m.PersonId, m.Created, m.TeamId });
        });

        modelBuilder.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.HasKey(m => m.Seq);
            e.Property(m => m.Seq).ValueGeneratedOnAdd();
            e.HasIndex(m => m.Id).IsUnique();
            // The edit count ends the listing indexes so that a page (each message's version) is read from the index alone.
            e.HasIndex(m => new { m.RoomId, m.Created, m.Seq, m.EditCount });
            // Replies only: most messages start no thread, and every insert would otherwise add an entry here too.
            e.HasIndex(m => new { m.ParentId, m.Created, m.Seq, m.EditCount }).HasFilter("parent_id IS NOT NULL");
        });

        modelBuilder.Entity<MessageMention>(e =>
        {
            e.ToTable("message_mentions");
            e.HasKey(m => new { m.MessageId, m.PersonId });
            e.HasIndex(m => new { m.RoomId, m.PersonId, m.Created, m.Seq });
        });

        modelBuilder.Entity<AttachmentAction>(e =>
        {
            e.ToTable("attachment_actions");
            e.HasIndex(a => a.RoomId);
        });

        modelBuilder.Entity<DeletedFile>(e =>
        {
            e.ToTable("deleted_files");
            e.HasKey(f => f.Key);
        });

        modelBuilder.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.HasIndex(a => new { a.OrgId, a.Created });
        });

        modelBuilder.Entity<Integration>(e =>
        {
            e.ToTable("integrations");
            e.HasIndex(i => i.ClientId).IsUnique();
            e.HasIndex(i => i.OwnerId);
            e.Property(i => i.ClientId).HasMaxLength(65);
            e.Property(i => i.Name).HasMaxLength(256);
        });

        modelBuilder.Entity<OAuthGrant>(e =>
        {
            e.ToTable("oauth_grants");
            e.HasIndex(g => g.RefreshHash).IsUnique();
            e.HasIndex(g => g.PersonId);
            e.HasIndex(g => new { g.IntegrationId, g.OrgId });
        });

        modelBuilder.Entity<AuthorizationCode>(e =>
        {
            e.ToTable("authorization_codes");
            e.HasIndex(c => c.Hash).IsUnique();
            e.HasIndex(c => c.PersonId);
        });

        modelBuilder.Entity<PasswordCredential>(e =>
        {
            e.ToTable("password_credentials");
            e.HasKey(p => p.PersonId);
        });

        modelBuilder.Entity<PasswordTicket>(e =>
        {
            e.ToTable("password_tickets");
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.PersonId);
        });

        modelBuilder.Entity<BotOwner>(e =>
        {
            e.ToTable("bot_owners");
            e.HasKey(b => b.BotId);
            e.HasIndex(b => b.OwnerId);
        });

        modelBuilder.Entity<Webhook>(e =>
        {
            e.ToTable("webhooks");
            e.HasIndex(w => new { w.CreatedBy, w.AppId, w.Created, w.Id });
            e.HasIndex(w => new { w.OrgId, w.OwnedBy, w.Created, w.Id });
            e.HasIndex(w => new { w.Resource, w.IsActive });
        });

        modelBuilder.Entity<OutboxEvent>(e =>
        {
            e.ToTable("outbox_events");
            e.HasKey(o => o.Seq);
            e.Property(o => o.Seq).ValueGeneratedOnAdd();
            e.HasIndex(o => o.Id).IsUnique();
            // The retention cleanup: events older than a cutoff, without scanning the whole outbox.
            e.HasIndex(o => o.Created);
            e.HasIndex(o => new { o.OrgId, o.Seq });
        });

        modelBuilder.Entity<OutboxDispatchPosition>(e =>
        {
            e.ToTable("outbox_dispatch");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasIndex(d => new { d.Status, d.NextAttemptAt });
            e.HasIndex(d => new { d.WebhookId, d.Created, d.Id });
            e.HasIndex(d => d.EventSeq);
            // The delivery-log retention cleanup: only finished deliveries have a completion time.
            e.HasIndex(d => d.Completed);
        });

        modelBuilder.Entity<DeliveryAttempt>(e =>
        {
            e.ToTable("delivery_attempts");
            e.HasIndex(a => new { a.DeliveryId, a.Number });
            e.HasIndex(a => a.WebhookId);
        });

        // snake_case column names on every provider.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>How every timestamp is stored (also by the raw statements of <see cref="SqlStatement"/>).</summary>
    public static long ToUnixMilliseconds(DateTime value) => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromUnixMilliseconds(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime;

    /// <summary>UTC <see cref="DateTime"/> to Unix milliseconds.</summary>
    internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTime, long>(
        v => ToUnixMilliseconds(v),
        v => FromUnixMilliseconds(v));
}
