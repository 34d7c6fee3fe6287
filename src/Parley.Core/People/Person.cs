namespace Parley.Core;

public enum PersonType
{
    Person,
    Bot,
    AppUser,
}

public sealed class Person
{
    public Guid Id { get; set; }

    public Guid OrgId { get; set; }

    /// <summary>Primary address, lower-cased; unique.</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public string? NickName { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Avatar { get; set; }

    public PersonType Type { get; set; }

    public string? Department { get; set; }

    public string? Manager { get; set; }

    public Guid? ManagerId { get; set; }

    public string? Title { get; set; }

    public string? Timezone { get; set; }

    /// <summary>JSON array of <c>{type, value, primary}</c>, or null.</summary>
    public string? PhoneNumbersJson { get; set; }

    /// <summary>JSON array of address objects, or null.</summary>
    public string? AddressesJson { get; set; }

    /// <summary>JSON array of strings, or null.</summary>
    public string? SiteUrlsJson { get; set; }

    public DateTime Created { get; set; }

    public DateTime LastModified { get; set; }

    public DateTime? LastActivity { get; set; }

    public bool InvitePending { get; set; }

    public bool LoginEnabled { get; set; }
}

public sealed class PersonRole
{
    public Guid PersonId { get; set; }

    public required string RoleKey { get; set; }
}

public sealed class PersonLicense
{
    public Guid PersonId { get; set; }

    public Guid LicenseId { get; set; }
}

/// <summary>Filters of a people listing; all given ones apply. Ordered by display name, then ID.</summary>
public sealed record PersonQuery(
    Guid? OrgId,
    string? Email,
    string? DisplayNamePrefix,
    IReadOnlyList<string>? RoleKeys);

public interface IPersonStore
{
    Task<Person?> GetAsync(Guid id);

    Task<IReadOnlyList<Person>> GetManyAsync(IReadOnlyCollection<Guid> ids);

    Task<Person?> GetByEmailAsync(string email);

    Task<IReadOnlyList<Person>> ListAsync(PersonQuery query, (string DisplayName, Guid Id)? after, int limit);

    Task<IReadOnlyList<string>> GetRolesAsync(Guid personId);

    Task<IReadOnlyList<Guid>> GetLicensesAsync(Guid personId);

    /// <summary>The role keys of several people (a page) in one query; people without roles are absent.</summary>
    Task<ILookup<Guid, string>> GetRolesAsync(IReadOnlyCollection<Guid> personIds);

    /// <summary>The license IDs of several people (a page) in one query; people without licenses are absent.</summary>
    Task<ILookup<Guid, Guid>> GetLicensesAsync(IReadOnlyCollection<Guid> personIds);

    Task SetRolesAsync(Guid personId, IReadOnlyCollection<string> roleKeys);

    Task SetLicensesAsync(Guid personId, IReadOnlyCollection<Guid> licenseIds);

    /// <summary>Whether two people share a room or a team.</summary>
    Task<bool> ShareSpaceAsync(Guid personId, Guid otherPersonId);

    /// <summary>Records activity, written at most once a minute per person to keep it cheap.</summary>
    Task TouchAsync(Guid personId, DateTime now);

    void Add(Person person);

    /// <summary>Removes the person with their roles and licenses.</summary>
    Task DeleteAsync(Guid personId);
}
