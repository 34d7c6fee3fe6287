using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>People: lookup, search and administration. The access rules for people live here.</summary>
public sealed class PeopleService(IDataStore store, TimeProvider time, CallerCache callers)
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

    public const int MaxIds = 85;
    public const string MissingFilter = "Email, displayName, or id list should be specified.";
    private const string AdminOnly = "The caller must be an administrator of the person's organization.";

    /// <summary>
    /// <c>GET /v1/people</c>: an ID batch (any org, no presence, no admin fields), one address (caller's org, bots,
    /// and people sharing a space), or a display-name prefix / whole-org listing (caller's org), paged by name.
    /// </summary>
    public Task<PeoplePage> ListAsync(Caller caller, PeopleListRequest request)
    {
        var cap = request.LocationId is not null ? 50 : request.CallingData ? 100 : 1000;
        var max = Cursor.ClampMax(request.Max, 100, cap);
        if (request.Cursor is { } cursor)
        {
            var state = Cursor.Decode<ListCursor>(cursor);
            // Cursors are readable JSON: one naming another org, or a listing this caller could not have started, is not ours.
            if (state.OrgId != caller.OrgId || (!caller.IsAnyAdmin && (state.DisplayName is null || state.Roles is not null)))
            {
                throw new ValidationException("Invalid cursor.");
            }
            var query = new PersonQuery(state.OrgId, null, state.DisplayName, state.Roles);
            return store.ReadAsync(s => ListPageAsync(s, caller, query, state.ExcludeStatus, (state.AfterName, state.AfterId), max));
        }
        var admin = caller.IsAnyAdmin;
        if (!admin && (request.OrgId is not null || request.Roles is not null))
        {
            throw new ForbiddenException("Only administrators may filter people by orgId or roles.");
        }
        if (!admin && request.Email is null && request.DisplayName is null && request.Ids is null)
        {
            throw new ValidationException(MissingFilter);
        }
        if (request.OrgId is not null && Ids.Decode(request.OrgId, WebexIdType.Organization, "orgId") != caller.OrgId)
        {
            throw new ForbiddenException("The caller does not manage that organization.");
        }
        var roles = request.Roles is null ? null : RoleIds.RequireKeys(SplitList(request.Roles));
        var filter = new Filter(request.OrgId is null ? null : caller.OrgId, request.Email, request.DisplayName, roles);
        var ids = request.Ids is null ? null : ParseIds(request.Ids);
        if (request.LocationId is not null)
        {
            // Nobody has a calling location on a messaging-only server.
            var unmatched = ids is { Count: > 0 } ? ids.Select(i => i.Requested).ToList() : null;
            return Task.FromResult(new PeoplePage(new Wire.PeopleList([], unmatched), null, max));
        }
        if (ids is not null)
        {
            return store.ReadAsync(s => ListByIdsAsync(s, ids, filter, max));
        }
        if (request.Email is not null)
        {
            return store.ReadAsync(s => ListByEmailAsync(s, caller, filter, request.ExcludeStatus, max));
        }
        var org = new PersonQuery(caller.OrgId, null, request.DisplayName, roles);
        return store.ReadAsync(s => ListPageAsync(s, caller, org, request.ExcludeStatus, null, max));
    }

    /// <summary><c>POST /v1/people</c> by a full or user administrator.</summary>
    public Task<Wire.Person> CreateAsync(Caller caller, Wire.CreatePersonRequest body)
    {
        RequirePeopleAdmin(caller);
        var email = RequireEmail(body.Emails?.FirstOrDefault());
        var profile = Profile.From(body, requireDisplayName: false);
        var orgId = Ids.Optional(body.OrgId, WebexIdType.Organization, "orgId", "Could not find an organization with provided ID.");
        if (orgId is { } requestedOrg && requestedOrg != caller.OrgId)
        {
            throw new ForbiddenException("The caller does not manage that organization.");
        }
        var roles = RoleIds.RequireKeys(body.Roles ?? []);
        RequireMayChangeFullAdmin(caller, [], roles);
        return store.WriteAsync(async s =>
        {
            if (await s.People.GetByEmailAsync(email) is not null)
            {
                throw new ConflictException("The email address is already used by another person.");
            }
            var org = await s.Organizations.GetAsync(caller.OrgId) ?? throw new NotFoundException("Could not find an organization with provided ID.");
            await RequireManagerAsync(s, profile.ManagerId);
            var now = time.UtcNowMs();
            var person = new Person
            {
                Id = Uuid7.New(),
                OrgId = org.Id,
                Email = email,
                DisplayName = profile.DisplayName,
                Type = PersonType.Person,
                Created = now,
                LastModified = now,
                InvitePending = true,
                LoginEnabled = body.LoginEnabled ?? true,
            };
            profile.ApplyTo(person);
            person.NickName = NullIfEmpty(body.NickName);
            s.People.Add(person);
            var licenses = await ResolveLicensesAsync(s, org.Id, body.Licenses, []);
            await s.People.SetRolesAsync(person.Id, roles);
            await s.People.SetLicensesAsync(person.Id, licenses);
            await AdminAudit.RecordAsync(s, caller, now, AdminAudit.Users, $"Created user {email}", "User", Ids.Person(person.Id), person.DisplayName, org);
            return ToWire(person, roles.Order(StringComparer.Ordinal).Select(Ids.Role).ToList(), licenses.Order().Select(Ids.License).ToList(), true, Status(person));
        });
    }

    /// <summary>
    /// <c>PUT /v1/people/{id}</c>: replaces the person's details. Absent optional fields are cleared, except
    /// <c>emails</c>, <c>orgId</c>, <c>type</c> and <c>loginEnabled</c>, which keep their values; <c>nickName</c> follows <c>firstName</c>.
    /// </summary>
    public async Task<Wire.Person> UpdateAsync(Caller caller, string personId, Wire.CreatePersonRequest body)
    {
        var id = Ids.Require(personId, WebexIdType.Person, "personId", NotFound);
        RequirePeopleAdmin(caller);
        var profile = Profile.From(body, requireDisplayName: true);
        var email = body.Emails is { Count: > 0 } emails ? RequireEmail(emails[0]) : null;
        var orgId = Ids.Optional(body.OrgId, WebexIdType.Organization, "orgId", "Could not find an organization with provided ID.");
        var roles = RoleIds.RequireKeys(body.Roles ?? []);
        var updated = await store.WriteAsync(async s =>
        {
            var person = await s.People.GetAsync(id) ?? throw new NotFoundException(NotFound);
            if (person.OrgId != caller.OrgId || (orgId is { } o && o != person.OrgId))
            {
                throw new ForbiddenException(AdminOnly);
            }
            if (person.Type == PersonType.Bot && roles.Count > 0)
            {
                throw new ValidationException("Bots cannot hold administrator roles.");
            }
            RequireMayChangeFullAdmin(caller, await s.People.GetRolesAsync(id), roles);
            if (email is not null && email != person.Email && await s.People.GetByEmailAsync(email) is not null)
            {
                throw new ConflictException("The email address is already used by another person.");
            }
            await RequireManagerAsync(s, profile.ManagerId);
            var org = await s.Organizations.GetAsync(person.OrgId) ?? throw new NotFoundException(NotFound);
            var now = time.UtcNowMs();
            person.Email = email ?? person.Email;
            person.DisplayName = profile.DisplayName;
            profile.ApplyTo(person);
            person.NickName = person.FirstName;
            person.LoginEnabled = body.LoginEnabled ?? person.LoginEnabled;
            person.LastModified = now;
            var licenses = await ResolveLicensesAsync(s, person.OrgId, body.Licenses, await s.People.GetLicensesAsync(id));
            await s.People.SetRolesAsync(id, roles);
            await s.People.SetLicensesAsync(id, licenses);
            await AdminAudit.RecordAsync(s, caller, now, AdminAudit.Users, $"Updated user {person.Email}", "User", Ids.Person(id), person.DisplayName, org);
            return ToWire(person, roles.Order(StringComparer.Ordinal).Select(Ids.Role).ToList(), licenses.Order().Select(Ids.License).ToList(), true, Status(person));
        });
        callers.Clear();
        return updated;
    }

    /// <summary>
    /// <c>DELETE /v1/people/{id}</c>: the person loses every token, room and team membership; their messages stay.
    /// </summary>
    public async Task DeleteAsync(Caller caller, string personId)
    {
        var id = Ids.Require(personId, WebexIdType.Person, "personId", NotFound);
        RequirePeopleAdmin(caller);
        await store.WriteAsync(async s =>
        {
            var person = await s.People.GetAsync(id) ?? throw new NotFoundException(NotFound);
            if (person.OrgId != caller.OrgId)
            {
                throw new ForbiddenException(AdminOnly);
            }
            var org = await s.Organizations.GetAsync(person.OrgId) ?? throw new NotFoundException(NotFound);
            await AdminAudit.RecordAsync(s, caller, time.UtcNowMs(), AdminAudit.Users, $"Deleted user {person.Email}", "User", Ids.Person(id), person.DisplayName, org);
            await RemoveAsync(s, id);
            return true;
        });
        callers.Clear();
    }

    /// <summary>Removes a person with everything that lets them act: tokens, room and team memberships, roles and licenses.</summary>
    public static async Task RemoveAsync(IStoreSession s, Guid personId)
    {
        await s.Tokens.DeleteForPersonAsync(personId);
        await s.OAuth.DeleteForPersonAsync(personId);
        await s.Accounts.DeleteForPersonAsync(personId);
        foreach (var membership in await s.Memberships.ListAllByPersonAsync(personId))
        {
            s.Memberships.Remove(membership);
        }
        foreach (var membership in await s.TeamMemberships.ListAllByPersonAsync(personId))
        {
            s.TeamMemberships.Remove(membership);
        }
        await s.People.DeleteAsync(personId);
    }

    private async Task<PeoplePage> ListPageAsync(IStoreSession s, Caller caller, PersonQuery query, bool excludeStatus, (string, Guid)? after, int max)
    {
        var people = await s.People.ListAsync(query, after, max + 1);
        var page = people.Take(max).ToList();
        var items = await ToWireAsync(s, caller, page, presence: !excludeStatus);
        string? next = null;
        if (people.Count > max)
        {
            var last = page[^1];
            next = Cursor.Encode(new ListCursor(query.OrgId, query.DisplayNamePrefix, query.RoleKeys, excludeStatus, last.DisplayName, last.Id));
        }
        return new PeoplePage(new Wire.PeopleList(items), next, max);
    }

    private async Task<PeoplePage> ListByEmailAsync(IStoreSession s, Caller caller, Filter filter, bool excludeStatus, int max)
    {
        var person = await s.People.GetByEmailAsync(filter.Email!);
        if (person is null || !await filter.MatchesAsync(s, person) || !await EmailVisibleAsync(s, caller, person))
        {
            return new PeoplePage(new Wire.PeopleList([]), null, max);
        }
        return new PeoplePage(new Wire.PeopleList([await ToWireAsync(s, caller, person, presence: !excludeStatus)]), null, max);
    }

    /// <summary>Anyone in the caller's org, any bot, and anyone sharing a room or team with the caller.</summary>
    private static async Task<bool> EmailVisibleAsync(IStoreSession s, Caller caller, Person person) =>
        person.OrgId == caller.OrgId
        || person.Type == PersonType.Bot
        || person.Id == caller.PersonId
        || await s.People.ShareSpaceAsync(caller.PersonId, person.Id);

    private static async Task<PeoplePage> ListByIdsAsync(IStoreSession s, IReadOnlyList<(string Requested, Guid Id)> ids, Filter filter, int max)
    {
        var found = (await s.People.GetManyAsync(ids.Where(i => i.Id != Guid.Empty).Select(i => i.Id).Distinct().ToList())).ToDictionary(p => p.Id);
        var items = new List<Wire.Person>();
        var notFound = new List<string>();
        var seen = new HashSet<Guid>();
        foreach (var (requested, id) in ids)
        {
            if (found.TryGetValue(id, out var person) && await filter.MatchesAsync(s, person))
            {
                if (seen.Add(id))
                {
                    // Lookups by ID carry neither presence nor admin fields (Webex).
                    items.Add(ToWire(person, null, null, adminFields: false, status: null));
                }
            }
            else
            {
                notFound.Add(requested);
            }
        }
        return new PeoplePage(new Wire.PeopleList(items, notFound.Count > 0 ? notFound : null), null, max);
    }

    private static List<(string Requested, Guid Id)> ParseIds(string value)
    {
        var parts = SplitList(value);
        if (parts.Count > MaxIds)
        {
            throw new ValidationException($"At most {MaxIds} IDs may be requested at once.");
        }
        // A well-formed ID of another type names no person: it is reported in notFoundIds.
        return parts.Select(p => (p, Ids.Decode(p, WebexIdType.Person, "id") ?? Guid.Empty)).ToList();
    }

    private static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void RequirePeopleAdmin(Caller caller)
    {
        if (!caller.IsPeopleAdmin)
        {
            throw new ForbiddenException(AdminOnly);
        }
    }

    /// <summary>Only full administrators grant or revoke full administration (a user admin must not promote anyone, itself included).</summary>
    private static void RequireMayChangeFullAdmin(Caller caller, IReadOnlyCollection<string> current, IReadOnlyCollection<string> requested)
    {
        if (!caller.IsFullAdmin && current.Contains(RoleKeys.FullAdmin) != requested.Contains(RoleKeys.FullAdmin))
        {
            throw new ForbiddenException("Only a full administrator may grant or revoke the full administrator role.");
        }
    }

    private static string RequireEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationException("emails cannot be empty.");
        }
        var normalized = value.Trim().ToLowerInvariant();
        return IsEmail(normalized) ? normalized : throw new ValidationException($"Invalid email address: {value}");
    }

    private static async Task RequireManagerAsync(IStoreSession s, Guid? managerId)
    {
        if (managerId is { } m && await s.People.GetAsync(m) is null)
        {
            throw new ValidationException("Invalid managerId: no such person.");
        }
    }

    /// <summary>The licenses of the org among those requested that are still available; others are skipped silently (Webex).</summary>
    private static async Task<List<Guid>> ResolveLicensesAsync(IStoreSession s, Guid orgId, IReadOnlyList<string>? requested, IReadOnlyCollection<Guid> held)
    {
        var candidates = new List<License>();
        foreach (var value in requested ?? [])
        {
            if (WebexId.TryDecodeGuid(value, WebexIdType.License, out var id) && id != Guid.Empty
                && await s.Licenses.GetAsync(id) is { } license && license.OrgId == orgId && candidates.All(c => c.Id != id))
            {
                candidates.Add(license);
            }
        }
        var holders = await s.Licenses.CountHoldersAsync(candidates.Select(c => c.Id).ToList());
        return candidates
            .Where(c => held.Contains(c.Id) || holders.GetValueOrDefault(c.Id) < c.TotalUnits)
            .Select(c => c.Id)
            .ToList();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Filters that are AND-ed with an ID or email lookup.</summary>
    private sealed record Filter(Guid? OrgId, string? Email, string? DisplayNamePrefix, IReadOnlyList<string>? Roles)
    {
        public async Task<bool> MatchesAsync(IStoreSession s, Person person)
        {
            if (OrgId is { } org && person.OrgId != org)
            {
                return false;
            }
            if (Email is { } email && !string.Equals(person.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (DisplayNamePrefix is { } prefix && !new[] { person.DisplayName, person.FirstName, person.LastName }
                    .Any(n => n is not null && n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
            return Roles is not { Count: > 0 } roles || (await s.People.GetRolesAsync(person.Id)).Any(roles.Contains);
        }
    }

    /// <summary>Paging state of a name-ordered listing: its filters and the last person returned.</summary>
    private sealed record ListCursor(Guid? OrgId, string? DisplayName, IReadOnlyList<string>? Roles, bool ExcludeStatus, string AfterName, Guid AfterId);

    /// <summary>The profile fields of a create or full-replacement update, validated.</summary>
    private sealed record Profile(
        string DisplayName,
        string? FirstName,
        string? LastName,
        string? Avatar,
        string? Department,
        string? Manager,
        Guid? ManagerId,
        string? Title,
        string? Timezone,
        string? PhoneNumbersJson,
        string? AddressesJson,
        string? SiteUrlsJson)
    {
        private static readonly string[] PhoneTypes = ["work", "work_extension", "mobile", "fax"];

        public static Profile From(Wire.CreatePersonRequest body, bool requireDisplayName)
        {
            if (body.Extension is not null || body.LocationId is not null)
            {
                throw new ValidationException("Calling settings (extension, locationId) are not supported by this server.");
            }
            var first = NullIfEmpty(body.FirstName);
            var last = NullIfEmpty(body.LastName);
            var displayName = NullIfEmpty(body.DisplayName);
            if (displayName is null && requireDisplayName)
            {
                throw new ValidationException("displayName cannot be empty.");
            }
            if (displayName is null && first is null && last is null)
            {
                throw new ValidationException("One of displayName, firstName or lastName is required.");
            }
            var avatar = NullIfEmpty(body.Avatar);
            if (avatar is not null && !(Uri.TryCreate(avatar, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                throw new ValidationException("avatar must be an http or https URL.");
            }
            if (body.PhoneNumbers?.Any(p => !PhoneTypes.Contains(p.Type) || string.IsNullOrWhiteSpace(p.Value)) == true)
            {
                throw new ValidationException("Invalid phoneNumbers: type must be work, work_extension, mobile or fax, with a value.");
            }
            Guid? managerId = string.IsNullOrWhiteSpace(body.ManagerId)
                ? null
                : Ids.Decode(body.ManagerId, WebexIdType.Person, "managerId") ?? throw new ValidationException("Invalid managerId: no such person.");
            return new Profile(
                displayName ?? string.Join(' ', new[] { first, last }.OfType<string>()),
                first,
                last,
                avatar,
                NullIfEmpty(body.Department),
                NullIfEmpty(body.Manager),
                managerId,
                NullIfEmpty(body.Title),
                NullIfEmpty(body.Timezone),
                body.PhoneNumbers is { Count: > 0 } phones ? JsonSerializer.Serialize(phones, WebexJson.Options) : null,
                body.Addresses is { Count: > 0 } addresses ? JsonSerializer.Serialize(addresses, WebexJson.Options) : null,
                body.SiteUrls is { Count: > 0 } sites ? JsonSerializer.Serialize(sites, WebexJson.Options) : null);
        }

        public void ApplyTo(Person person)
        {
            person.FirstName = FirstName;
            person.LastName = LastName;
            person.Avatar = Avatar;
            person.Department = Department;
            person.Manager = Manager;
            person.ManagerId = ManagerId;
            person.Title = Title;
            person.Timezone = Timezone;
            person.PhoneNumbersJson = PhoneNumbersJson;
            person.AddressesJson = AddressesJson;
            person.SiteUrlsJson = SiteUrlsJson;
        }
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
            Id = Uuid7.New(),
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
        var admin = Administers(caller, person);
        return ToWire(caller, person, presence, admin ? await s.People.GetRolesAsync(person.Id) : null,
            admin ? await s.People.GetLicensesAsync(person.Id) : null);
    }

    /// <summary>Maps a list of people like the single-person overload, reading their roles and licenses in one query each.</summary>
    private async Task<List<Wire.Person>> ToWireAsync(IStoreSession s, Caller caller, IReadOnlyList<Person> people, bool presence)
    {
        var administered = people.Where(p => Administers(caller, p)).Select(p => p.Id).ToList();
        var roles = administered.Count == 0 ? null : await s.People.GetRolesAsync(administered);
        var licenses = administered.Count == 0 ? null : await s.People.GetLicensesAsync(administered);
        return people.Select(person => Administers(caller, person)
            ? ToWire(caller, person, presence, roles![person.Id], licenses![person.Id])
            : ToWire(caller, person, presence, null, null)).ToList();
    }

    /// <summary>Administrators see the roles and licenses of their organization's people.</summary>
    private static bool Administers(Caller caller, Person person) => caller.IsAnyAdmin && caller.OrgId == person.OrgId;

    /// <summary>A person as <paramref name="caller"/> sees them; roles and licenses are given only where it administers them.</summary>
    private Wire.Person ToWire(Caller caller, Person person, bool presence, IEnumerable<string>? roles, IEnumerable<Guid>? licenses) =>
        ToWire(person, roles?.Select(Ids.Role).ToList(), licenses?.Select(Ids.License).ToList(), adminFields: roles is not null,
            presence && caller.OrgId == person.OrgId ? Status(person) : null);

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
