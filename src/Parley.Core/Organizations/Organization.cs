namespace Parley.Core;

public sealed class Organization
{
    public Guid Id { get; set; }

    public required string DisplayName { get; set; }

    public DateTime Created { get; set; }
}

public sealed class License
{
    public Guid Id { get; set; }

    public Guid OrgId { get; set; }

    public required string Name { get; set; }

    public int TotalUnits { get; set; }
}

/// <summary>A record of an administrative action, for the admin audit events API.</summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; }

    public Guid OrgId { get; set; }

    public Guid ActorId { get; set; }

    public DateTime Created { get; set; }

    public required string Category { get; set; }

    /// <summary>The event's <c>data</c> object as JSON.</summary>
    public required string DataJson { get; set; }
}

public interface IOrganizationStore
{
    Task<Organization?> GetAsync(Guid id);

    Task<IReadOnlyList<Organization>> ListAsync();

    void Add(Organization organization);

    Task DeleteAsync(Guid id);
}

public interface ILicenseStore
{
    Task<License?> GetAsync(Guid id);

    Task<IReadOnlyList<License>> ListByOrgAsync(Guid orgId);

    /// <summary>Number of people holding each of the given licenses.</summary>
    Task<IReadOnlyDictionary<Guid, int>> CountHoldersAsync(IReadOnlyCollection<Guid> licenseIds);

    /// <summary>People holding a license, ordered by person ID, after the given one.</summary>
    Task<IReadOnlyList<Guid>> ListHoldersAsync(Guid licenseId, Guid? afterPersonId, int limit);

    void Add(License license);

    Task DeleteByOrgAsync(Guid orgId);
}

public sealed record AuditEventQuery(Guid OrgId, DateTime From, DateTime To, Guid? ActorId, IReadOnlyList<string>? Categories);

public interface IAuditEventStore
{
    /// <summary>Newest first; <paramref name="offset"/> skips that many matches.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAsync(AuditEventQuery query, int offset, int limit);

    void Add(AuditEvent auditEvent);
}
