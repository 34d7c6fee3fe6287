using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class PersonStore(StoreContext context) : IPersonStore
{
    private const string Columns = "id, org_id, email, display_name, nick_name, first_name, last_name, avatar, type, department, manager, "
        + "manager_id, title, timezone, phone_numbers_json, addresses_json, site_urls_json, created, last_modified, last_activity, "
        + "invite_pending, login_enabled";

    private static readonly SqlStatement ById = new($"SELECT {Columns} FROM people WHERE id = @id", ("id", SqlType.Guid));

    private static readonly SqlStatement RolesOf = new(
        "SELECT role_key FROM person_roles WHERE person_id = @person ORDER BY role_key", ("person", SqlType.Guid));

    private static readonly SqlStatement LicensesOf = new(
        "SELECT license_id FROM person_licenses WHERE person_id = @person ORDER BY license_id", ("person", SqlType.Guid));

    private ParleyDbContext Db => context.Db;

    /// <summary>
    /// Raw, like the person's roles and licenses below: <c>/people/me</c> (which every SDK and bot calls first) and each
    /// token's first use read them, and as EF queries they were most of that request's CPU. A person read here is
    /// tracked without its name keys (EF shadow properties); saving sets them again from the names.
    /// </summary>
    public Task<Person?> GetAsync(Guid id) => context.GetByIdAsync(ById, id, Read, static p => [p.Id]);

    private static Person Read(RawReader r) => new()
    {
        Id = r.GetGuid(0),
        OrgId = r.GetGuid(1),
        Email = r.GetString(2),
        DisplayName = r.GetString(3),
        NickName = r.GetNullableString(4),
        FirstName = r.GetNullableString(5),
        LastName = r.GetNullableString(6),
        Avatar = r.GetNullableString(7),
        Type = Enum.Parse<PersonType>(r.GetString(8)),
        Department = r.GetNullableString(9),
        Manager = r.GetNullableString(10),
        ManagerId = r.GetNullableGuid(11),
        Title = r.GetNullableString(12),
        Timezone = r.GetNullableString(13),
        PhoneNumbersJson = r.GetNullableString(14),
        AddressesJson = r.GetNullableString(15),
        SiteUrlsJson = r.GetNullableString(16),
        Created = r.GetTime(17),
        LastModified = r.GetTime(18),
        LastActivity = r.GetNullableTime(19),
        InvitePending = r.GetBoolean(20),
        LoginEnabled = r.GetBoolean(21),
    };

    public async Task<IReadOnlyList<Person>> GetManyAsync(IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0 ? [] : await Db.People.Where(p => ids.Contains(p.Id)).ToListAsync();

    public Task<Person?> GetByEmailAsync(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return Db.People.FirstOrDefaultAsync(p => p.Email == normalized);
    }

    public async Task<IReadOnlyList<Person>> ListAsync(PersonQuery query, (string DisplayName, Guid Id)? after, int limit)
    {
        IQueryable<Person> InOrg(IQueryable<Person> people) => query.OrgId is { } orgId ? people.Where(p => p.OrgId == orgId) : people;
        var people = Db.People.AsQueryable();
        if (query.DisplayNamePrefix is { } prefix)
        {
            // Case-insensitive prefix: three index ranges on (org, lower-cased name), [prefix, prefix + the highest
            // code point), united. The organization is filtered inside them only: next to the ranges, SQLite would
            // rather walk the whole organization in display-name order.
            var from = prefix.ToLowerInvariant();
            var to = from + char.ConvertFromUtf32(0x10FFFF);
            IQueryable<Guid> Matching(string key) => InOrg(Db.People)
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
            people = people.Where(p => Db.PersonRoles.Any(r => r.PersonId == p.Id && roles.Contains(r.RoleKey)));
        }
        if (after is { } key)
        {
            people = people.Where(p => p.DisplayName.CompareTo(key.DisplayName) > 0
                || (p.DisplayName == key.DisplayName && p.Id > key.Id));
        }
        return await people.OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<string>> GetRolesAsync(Guid personId) => await ReadColumnAsync(RolesOf, personId, static r => r.GetString(0));

    public async Task<IReadOnlyList<Guid>> GetLicensesAsync(Guid personId) => await ReadColumnAsync(LicensesOf, personId, static r => r.GetGuid(0));

    private async Task<List<T>> ReadColumnAsync<T>(SqlStatement statement, Guid personId, Func<RawReader, T> read)
    {
        var command = await context.CommandAsync(statement);
        command.Set(0, personId);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(read(reader));
        }
        return values;
    }

    public async Task<ILookup<Guid, string>> GetRolesAsync(IReadOnlyCollection<Guid> personIds) =>
        (await Db.PersonRoles.Where(r => personIds.Contains(r.PersonId)).OrderBy(r => r.RoleKey).ToListAsync())
            .ToLookup(r => r.PersonId, r => r.RoleKey);

    public async Task<ILookup<Guid, Guid>> GetLicensesAsync(IReadOnlyCollection<Guid> personIds) =>
        (await Db.PersonLicenses.Where(l => personIds.Contains(l.PersonId)).OrderBy(l => l.LicenseId).ToListAsync())
            .ToLookup(l => l.PersonId, l => l.LicenseId);

    public async Task SetRolesAsync(Guid personId, IReadOnlyCollection<string> roleKeys)
    {
        await Db.PersonRoles.Where(r => r.PersonId == personId).ExecuteDeleteAsync();
        Db.PersonRoles.AddRange(roleKeys.Distinct().Select(k => new PersonRole { PersonId = personId, RoleKey = k }));
    }

    public async Task SetLicensesAsync(Guid personId, IReadOnlyCollection<Guid> licenseIds)
    {
        await Db.PersonLicenses.Where(l => l.PersonId == personId).ExecuteDeleteAsync();
        Db.PersonLicenses.AddRange(licenseIds.Distinct().Select(id => new PersonLicense { PersonId = personId, LicenseId = id }));
    }

    public async Task<bool> ShareSpaceAsync(Guid personId, Guid otherPersonId)
    {
        var shareRoom = await Db.Memberships.Where(m => m.PersonId == personId)
            .Join(Db.Memberships.Where(m => m.PersonId == otherPersonId), a => a.RoomId, b => b.RoomId, (a, b) => a)
            .AnyAsync();
        return shareRoom || await Db.TeamMemberships.Where(m => m.PersonId == personId)
            .Join(Db.TeamMemberships.Where(m => m.PersonId == otherPersonId), a => a.TeamId, b => b.TeamId, (a, b) => a)
            .AnyAsync();
    }

    public Task TouchAsync(Guid personId, DateTime now)
    {
        var stale = now.AddMinutes(-1);
        return Db.People.Where(p => p.Id == personId && (p.LastActivity == null || p.LastActivity < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivity, now));
    }

    public void Add(Person person) => Db.People.Add(person);

    public async Task DeleteAsync(Guid personId)
    {
        await Db.PersonRoles.Where(r => r.PersonId == personId).ExecuteDeleteAsync();
        await Db.PersonLicenses.Where(l => l.PersonId == personId).ExecuteDeleteAsync();
        await Db.People.Where(p => p.Id == personId).ExecuteDeleteAsync();
    }
}
