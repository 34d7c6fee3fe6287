using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class PersonStore(ParleyDbContext db) : IPersonStore
{
    public Task<Person?> GetAsync(Guid id) => db.People.FirstOrDefaultAsync(p => p.Id == id);

    public async Task<IReadOnlyList<Person>> GetManyAsync(IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0 ? [] : await db.People.Where(p => ids.Contains(p.Id)).ToListAsync();

    public Task<Person?> GetByEmailAsync(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return db.People.FirstOrDefaultAsync(p => p.Email == normalized);
    }

    public async Task<IReadOnlyList<Person>> ListAsync(PersonQuery query, (string DisplayName, Guid Id)? after, int limit)
    {
        IQueryable<Person> InOrg(IQueryable<Person> people) => query.OrgId is { } orgId ? people.Where(p => p.OrgId == orgId) : people;
        var people = db.People.AsQueryable();
        if (query.DisplayNamePrefix is { } prefix)
        {
            // Case-insensitive prefix: three index ranges on (org, lower-cased name), [prefix, prefix + the highest
            // code point), united. The organization is filtered inside them only: next to the ranges, SQLite would
            // rather walk the whole organization in display-name order.
            var from = prefix.ToLowerInvariant();
            var to = from + char.ConvertFromUtf32(0x10FFFF);
            IQueryable<Guid> Matching(string key) => InOrg(db.People)
                .Where(p => EF.Property<string?>(p, key)!.CompareTo(from) >= 0 && EF.Property<string?>(p, key)!.CompareTo(to) < 0)
                .Select(p => p.Id);
            var matching = Matching(ParleyDbContext.NameKeys.Display)
                .Union(Matching(ParleyDbContext.NameKeys.First))
                .Union(Matching(ParleyDbContext.NameKeys.Last));
            people = people.Where(p => matching.Contains(p.Id));
        }
        else
        {
            people = InOrg(people);
        }
        if (query.Email is { } email)
        {
            var normalized = email.Trim().ToLowerInvariant();
            people = people.Where(p => p.Email == normalized);
        }
        if (query.RoleKeys is { Count: > 0 } roles)
        {
            people = people.Where(p => db.PersonRoles.Any(r => r.PersonId == p.Id && roles.Contains(r.RoleKey)));
        }
        if (after is { } key)
        {
            people = people.Where(p => p.DisplayName.CompareTo(key.DisplayName) > 0
                || (p.DisplayName == key.DisplayName && p.Id > key.Id));
        }
        return await people.OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<string>> GetRolesAsync(Guid personId) =>
        await db.PersonRoles.Where(r => r.PersonId == personId).OrderBy(r => r.RoleKey).Select(r => r.RoleKey).ToListAsync();

    public async Task<IReadOnlyList<Guid>> GetLicensesAsync(Guid personId) =>
        await db.PersonLicenses.Where(l => l.PersonId == personId).OrderBy(l => l.LicenseId).Select(l => l.LicenseId).ToListAsync();

    public async Task<ILookup<Guid, string>> GetRolesAsync(IReadOnlyCollection<Guid> personIds) =>
        (await db.PersonRoles.Where(r => personIds.Contains(r.PersonId)).OrderBy(r => r.RoleKey).ToListAsync())
            .ToLookup(r => r.PersonId, r => r.RoleKey);

    public async Task<ILookup<Guid, Guid>> GetLicensesAsync(IReadOnlyCollection<Guid> personIds) =>
        (await db.PersonLicenses.Where(l => personIds.Contains(l.PersonId)).OrderBy(l => l.LicenseId).ToListAsync())
            .ToLookup(l => l.PersonId, l => l.LicenseId);

    public async Task SetRolesAsync(Guid personId, IReadOnlyCollection<string> roleKeys)
    {
        await db.PersonRoles.Where(r => r.PersonId == personId).ExecuteDeleteAsync();
        db.PersonRoles.AddRange(roleKeys.Distinct().Select(k => new PersonRole { PersonId = personId, RoleKey = k }));
    }

    public async Task SetLicensesAsync(Guid personId, IReadOnlyCollection<Guid> licenseIds)
    {
        await db.PersonLicenses.Where(l => l.PersonId == personId).ExecuteDeleteAsync();
        db.PersonLicenses.AddRange(licenseIds.Distinct().Select(id => new PersonLicense { PersonId = personId, LicenseId = id }));
    }

    public async Task<bool> ShareSpaceAsync(Guid personId, Guid otherPersonId)
    {
        var shareRoom = await db.Memberships.Where(m => m.PersonId == personId)
            .Join(db.Memberships.Where(m => m.PersonId == otherPersonId), a => a.RoomId, b => b.RoomId, (a, b) => a)
            .AnyAsync();
        return shareRoom || await db.TeamMemberships.Where(m => m.PersonId == personId)
            .Join(db.TeamMemberships.Where(m => m.PersonId == otherPersonId), a => a.TeamId, b => b.TeamId, (a, b) => a)
            .AnyAsync();
    }

    public Task TouchAsync(Guid personId, DateTime now)
    {
        var stale = now.AddMinutes(-1);
        return db.People.Where(p => p.Id == personId && (p.LastActivity == null || p.LastActivity < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivity, now));
    }

    public void Add(Person person) => db.People.Add(person);

    public async Task DeleteAsync(Guid personId)
    {
        await db.PersonRoles.Where(r => r.PersonId == personId).ExecuteDeleteAsync();
        await db.PersonLicenses.Where(l => l.PersonId == personId).ExecuteDeleteAsync();
        await db.People.Where(p => p.Id == personId).ExecuteDeleteAsync();
    }
}
