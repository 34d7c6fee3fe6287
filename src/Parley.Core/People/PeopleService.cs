using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>People: lookup, search and administration. The access rules for people live here.</summary>
public sealed class PeopleService(IDataStore store, TimeProvider time)
{
    public const string NotFound = "Could not find a person with provided ID.";

    public Task<Wire.Person> GetMeAsync(Caller caller) =>
        store.ReadAsync(async s =>
        {
            var me = await s.People.GetAsync(caller.PersonId) ?? throw new NotFoundException(NotFound);
            return await ToWireAsync(s, caller, me, presence: true);
        });

    public Task<Wire.Person> GetAsync(Caller caller, string personId)
    {
        var id = Ids.Require(personId, WebexIdType.Person, "personId", NotFound);
        return store.ReadAsync(async s =>
        {
            var person = await s.People.GetAsync(id) ?? throw new NotFoundException(NotFound);
            return await ToWireAsync(s, caller, person, presence: true);
        });
    }

    /// <summary>
    /// The person with this address, creating a pending one in the default organization when the address is
    /// unknown (people are created implicitly by invites and direct messages, 10-people §3).
    /// </summary>
    public async Task<Person> GetOrCreateByEmailAsync(IStoreSession s, string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        if (!IsEmail(normalized))
        {
            throw new ValidationException($"Invalid email address: {email}");
        }
        var existing = await s.People.GetByEmailAsync(normalized);
        if (existing is not null)
        {
            return existing;
        }
        var now = time.UtcNowMs();
        var orgs = await s.Organizations.ListAsync();
        var person = new Person
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgs[0].Id,
            Email = normalized,
            DisplayName = normalized,
            Type = PersonType.Person,
            Created = now,
            LastModified = now,
            InvitePending = true,
            LoginEnabled = true,
        };
        s.People.Add(person);
        return person;
    }

    public static bool IsEmail(string value) =>
        value.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    /// <summary>Maps a person for a caller: admin-only fields for admins of the person's org, presence for the same org.</summary>
    public async Task<Wire.Person> ToWireAsync(IStoreSession s, Caller caller, Person person, bool presence)
    {
        var admin = caller.IsAnyAdmin && caller.OrgId == person.OrgId;
        var roles = admin ? (await s.People.GetRolesAsync(person.Id)).Select(Ids.Role).ToList() : null;
        var licenses = admin ? (await s.People.GetLicensesAsync(person.Id)).Select(Ids.License).ToList() : null;
        var showPresence = presence && caller.OrgId == person.OrgId;
        return ToWire(person, roles, licenses, admin, showPresence ? Status(person) : null);
    }

    public static Wire.Person ToWire(Person p, IReadOnlyList<string>? roles, IReadOnlyList<string>? licenses, bool adminFields, string? status) => new()
    {
        Id = Ids.Person(p.Id),
        Emails = [p.Email],
        PhoneNumbers = Parse<List<PhoneNumber>>(p.PhoneNumbersJson),
        DisplayName = p.DisplayName,
        NickName = p.NickName,
        FirstName = p.FirstName,
        LastName = p.LastName,
        Avatar = p.Avatar,
        OrgId = Ids.Org(p.OrgId),
        Roles = roles,
        Licenses = licenses,
        Department = p.Department,
        Manager = p.Manager,
        ManagerId = p.ManagerId is { } m ? Ids.Person(m) : null,
        Title = p.Title,
        Addresses = Parse<List<Address>>(p.AddressesJson),
        SiteUrls = Parse<List<string>>(p.SiteUrlsJson),
        Created = p.Created,
        LastModified = p.LastModified,
        Timezone = p.Timezone,
        LastActivity = status is null ? null : p.LastActivity,
        Status = status,
        InvitePending = adminFields ? p.InvitePending : null,
        LoginEnabled = adminFields ? p.LoginEnabled : null,
        Type = p.Type switch
        {
            PersonType.Bot => "bot",
            PersonType.AppUser => "appuser",
            _ => "person",
        },
    };

    /// <summary>Presence without a presence service: pending until first activity, active within 10 minutes.</summary>
    private string Status(Person person) => person.LastActivity switch
    {
        null => "pending",
        { } at when at > time.UtcNowMs().AddMinutes(-10) => "active",
        _ => "inactive",
    };

    private static T? Parse<T>(string? json) where T : class =>
        json is null ? null : JsonSerializer.Deserialize<T>(json, WebexJson.Options);
}
