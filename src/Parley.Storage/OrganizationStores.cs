using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class OrganizationStore(ParleyDbContext db) : IOrganizationStore
{
    public Task<Organization?> GetAsync(Guid id) => db.Organizations.FirstOrDefaultAsync(o => o.Id == id);

    public async Task<IReadOnlyList<Organization>> ListAsync() =>
        await db.Organizations.OrderBy(o => o.Created).ThenBy(o => o.Id).ToListAsync();

    public void Add(Organization organization) => db.Organizations.Add(organization);

    public Task DeleteAsync(Guid id) => db.Organizations.Where(o => o.Id == id).ExecuteDeleteAsync();
}

internal sealed class LicenseStore(ParleyDbContext db) : ILicenseStore
{
    public Task<License?> GetAsync(Guid id) => db.Licenses.FirstOrDefaultAsync(l => l.Id == id);

    public async Task<IReadOnlyList<License>> ListByOrgAsync(Guid orgId) =>
        await db.Licenses.Where(l => l.OrgId == orgId).OrderBy(l => l.Name).ThenBy(l => l.Id).ToListAsync();

    public async Task<IReadOnlyDictionary<Guid, int>> CountHoldersAsync(IReadOnlyCollection<Guid> licenseIds) =>
        await db.PersonLicenses.Where(l => licenseIds.Contains(l.LicenseId))
            .GroupBy(l => l.LicenseId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);

    public async Task<IReadOnlyList<Guid>> ListHoldersAsync(Guid licenseId, Guid? afterPersonId, int limit) =>
        await db.PersonLicenses.Where(l => l.LicenseId == licenseId && (afterPersonId == null || l.PersonId > afterPersonId.Value))
            .OrderBy(l => l.PersonId).Select(l => l.PersonId).Take(limit).ToListAsync();

    public void Add(License license) => db.Licenses.Add(license);

    public async Task DeleteByOrgAsync(Guid orgId)
    {
        var licenses = db.Licenses.Where(l => l.OrgId == orgId).Select(l => l.Id);
        await db.PersonLicenses.Where(pl => licenses.Contains(pl.LicenseId)).ExecuteDeleteAsync();
        await db.Licenses.Where(l => l.OrgId == orgId).ExecuteDeleteAsync();
    }
}

internal sealed class AuditEventStore(ParleyDbContext db) : IAuditEventStore
{
    public async Task<IReadOnlyList<AuditEvent>> ListAsync(AuditEventQuery query, int offset, int limit)
    {
        var events = db.AuditEvents.Where(a => a.OrgId == query.OrgId && a.Created >= query.From && a.Created <= query.To);
        if (query.ActorId is { } actor)
        {
            events = events.Where(a => a.ActorId == actor);
        }
        if (query.Categories is { Count: > 0 } categories)
        {
            events = events.Where(a => categories.Contains(a.Category));
        }
        return await events.OrderByDescending(a => a.Created).ThenByDescending(a => a.Id).Skip(offset).Take(limit).ToListAsync();
    }

    public void Add(AuditEvent auditEvent) => db.AuditEvents.Add(auditEvent);
}

internal sealed class TokenStore(ParleyDbContext db) : ITokenStore
{
    public Task<AccessToken?> GetByHashAsync(string hash) => db.AccessTokens.FirstOrDefaultAsync(t => t.Hash == hash);

    public void Add(AccessToken token) => db.AccessTokens.Add(token);

    public Task DeleteAsync(Guid id) => db.AccessTokens.Where(t => t.Id == id).ExecuteDeleteAsync();

    public Task DeleteForPersonAsync(Guid personId) =>
        db.AccessTokens.Where(t => t.PersonId == personId).ExecuteDeleteAsync();

    public Task DeleteForPersonAsync(Guid personId, TokenKind kind) =>
        db.AccessTokens.Where(t => t.PersonId == personId && t.Kind == kind).ExecuteDeleteAsync();
}
