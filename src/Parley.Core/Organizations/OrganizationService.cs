using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>A page of a non-people listing with the next page's cursor and the effective page size.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor, int Max);

/// <summary>A license, optionally with one page of its holders (<c>includeAssignedTo=user</c>).</summary>
public sealed record LicenseDetails(Wire.License License, string? NextCursor, int Limit);

/// <summary>Query parameters of <c>GET /v1/adminAudit/events</c>, as received.</summary>
public sealed record AuditEventsRequest(
    string? OrgId,
    DateTime? From,
    DateTime? To,
    string? ActorId,
    string? EventCategories,
    int? Max,
    int? Offset,
    string? Cursor);

/// <summary>Organizations, their licenses, the built-in roles and the admin audit log, with their access rules.</summary>
public sealed class OrganizationService(IDataStore store, TimeProvider time, CallerCache callers)
{
    public const string OrgNotFound = "Could not find an organization with provided ID.";
    public const string LicenseNotFound = "Could not find a license with provided ID.";
    public const string RoleNotFound = "Could not find a role with provided ID.";
    private const string AdminsOnly = "The caller must be an administrator of the organization.";

    /// <summary>The caller's own organization (this server has no partner administrators). Not paginated.</summary>
    public Task<Wire.ItemList<Wire.Organization>> ListAsync(Caller caller) =>
        store.ReadAsync(async s =>
        {
            var own = await s.Organizations.GetAsync(caller.OrgId);
            return new Wire.ItemList<Wire.Organization>(own is null ? [] : [ToWire(own)]);
        });

    public Task<Wire.Organization> GetAsync(Caller caller, string orgId)
    {
        var id = Ids.Require(orgId, WebexIdType.Organization, "orgId", OrgNotFound);
        return store.ReadAsync(async s => id == caller.OrgId && await s.Organizations.GetAsync(id) is { } org
            ? ToWire(org)
            : throw new NotFoundException(OrgNotFound));
    }

    /// <summary>
    /// Deletes an organization that has at most one person left (normally the deleting full administrator) and is not
    /// the default organization of implicitly created people; that person, the org's licenses and the org go.
    /// </summary>
    public async Task DeleteAsync(Caller caller, string orgId)
    {
        var id = Ids.Require(orgId, WebexIdType.Organization, "orgId", OrgNotFound);
        await store.WriteAsync(async s =>
        {
            var org = id == caller.OrgId ? await s.Organizations.GetAsync(id) : null;
            if (org is null)
            {
                throw new NotFoundException(OrgNotFound);
            }
            if (!caller.IsFullAdmin)
            {
                throw new ForbiddenException("Only a full administrator may delete the organization.");
            }
            var orgs = await s.Organizations.ListAsync();
            if (orgs[0].Id == id)
            {
                throw new ConflictException("The default organization of the server cannot be deleted.");
            }
            var people = await s.People.ListAsync(new PersonQuery(id, null, null, null), null, 2);
            if (people.Count > 1)
            {
                throw new ConflictException("The organization cannot be deleted while it has more than one user.");
            }
            await AdminAudit.RecordAsync(s, caller, time.UtcNowMs(), AdminAudit.OrgSettings, $"Deleted organization {org.DisplayName}", "Organization", Ids.Org(id), org.DisplayName, org);
            foreach (var person in people)
            {
                await PeopleService.RemoveAsync(s, person.Id);
            }
            await s.Licenses.DeleteByOrgAsync(id);
            await s.Organizations.DeleteAsync(id);
            return true;
        });
        callers.Clear();
    }

    /// <summary>Licenses of the caller's organization, by name; consumption counts come from the holders.</summary>
    public Task<ListPage<Wire.License>> ListLicensesAsync(Caller caller, string? orgId, int? max, string? cursor)
    {
        RequireAdmin(caller);
        var effectiveMax = Cursor.ClampMax(max, 100, 1000);
        var state = cursor is null
            ? new LicenseCursor(RequireOwnOrg(caller, orgId), null, null)
            : Cursor.Decode<LicenseCursor>(cursor);
        if (state.OrgId != caller.OrgId)
        {
            throw new ForbiddenException(AdminsOnly);
        }
        return store.ReadAsync(async s =>
        {
            var all = await s.Licenses.ListByOrgAsync(state.OrgId);
            var remaining = state.AfterName is null
                ? all
                : all.SkipWhile(l => string.CompareOrdinal(l.Name, state.AfterName) < 0 || (l.Name == state.AfterName && l.Id.CompareTo(state.AfterId) <= 0)).ToList();
            var page = remaining.Take(effectiveMax).ToList();
            var counts = await s.Licenses.CountHoldersAsync(page.Select(l => l.Id).ToList());
            var next = remaining.Count > page.Count ? Cursor.Encode(new LicenseCursor(state.OrgId, page[^1].Name, page[^1].Id)) : null;
            return new ListPage<Wire.License>(page.Select(l => ToWire(l, counts.GetValueOrDefault(l.Id), null)).ToList(), next, effectiveMax);
        });
    }

    /// <summary>A license of the caller's organization; <c>includeAssignedTo=user</c> adds a page of holders (≤ 300).</summary>
    public Task<LicenseDetails> GetLicenseAsync(Caller caller, string licenseId, string? includeAssignedTo, int? limit, string? next)
    {
        var id = Ids.Require(licenseId, WebexIdType.License, "licenseId", LicenseNotFound);
        RequireAdmin(caller);
        var withUsers = includeAssignedTo switch
        {
            null => false,
            "user" => true,
            _ => throw new ValidationException("includeAssignedTo must be user."),
        };
        var effectiveLimit = Cursor.ClampMax(limit, 300, 300);
        Guid? after = next is null ? null : Cursor.Decode<HolderCursor>(next) is var c && c.LicenseId == id ? c.AfterPersonId : throw new ValidationException("Invalid cursor.");
        return store.ReadAsync(async s =>
        {
            var license = await s.Licenses.GetAsync(id);
            if (license is null || license.OrgId != caller.OrgId)
            {
                throw new NotFoundException(LicenseNotFound);
            }
            var consumed = (await s.Licenses.CountHoldersAsync([id])).GetValueOrDefault(id);
            if (!withUsers)
            {
                return new LicenseDetails(ToWire(license, consumed, null), null, effectiveLimit);
            }
            var holders = await s.Licenses.ListHoldersAsync(id, after, effectiveLimit + 1);
            var page = holders.Take(effectiveLimit).ToList();
            var people = (await s.People.GetManyAsync(page)).ToDictionary(p => p.Id);
            var users = page.Where(people.ContainsKey).Select(p => people[p]).Select(p => new Wire.LicenseUser(
                Ids.Person(p.Id), p.OrgId == license.OrgId ? "INTERNAL" : "EXTERNAL", p.DisplayName, p.Email)).ToList();
            var nextCursor = holders.Count > page.Count ? Cursor.Encode(new HolderCursor(id, page[^1])) : null;
            return new LicenseDetails(ToWire(license, consumed, users), nextCursor, effectiveLimit);
        });
    }

    public Wire.ItemList<Wire.Role> ListRoles(Caller caller)
    {
        RequireAdmin(caller);
        return new Wire.ItemList<Wire.Role>(RoleKeys.All.Select(r => new Wire.Role(Ids.Role(r.Key), r.Name)).ToList());
    }

    public Wire.Role GetRole(Caller caller, string roleId)
    {
        if (string.IsNullOrWhiteSpace(roleId))
        {
            throw new ValidationException("roleId cannot be empty.");
        }
        RequireAdmin(caller);
        if (!WebexId.TryDecode(roleId, out _, out _) && RoleIds.KeyOf(roleId) is null)
        {
            throw new ValidationException($"Invalid roleId: {Ids.Malformed}");
        }
        var key = RoleIds.KeyOf(roleId) ?? throw new NotFoundException(RoleNotFound);
        return new Wire.Role(Ids.Role(key), RoleIds.Name(key));
    }

    /// <summary>Audit events of the caller's organization, newest first; full administrators only.</summary>
    public Task<ListPage<Wire.AdminAuditEvent>> ListAuditEventsAsync(Caller caller, AuditEventsRequest request)
    {
        if (!caller.IsFullAdmin)
        {
            throw new ForbiddenException("Only full administrators may read admin audit events.");
        }
        var max = Cursor.ClampMax(request.Max, 100, 200);
        var state = request.Cursor is { } cursor ? Cursor.Decode<AuditCursor>(cursor) : AuditCursorOf(caller, request);
        if (state.OrgId != caller.OrgId)
        {
            throw new ForbiddenException(AdminsOnly);
        }
        var query = new AuditEventQuery(state.OrgId, state.From, state.To, state.ActorId, state.Categories);
        return store.ReadAsync(async s =>
        {
            var events = await s.AuditEvents.ListAsync(query, state.Offset, max + 1);
            var page = events.Take(max).Select(AdminAudit.ToWire).ToList();
            var next = events.Count > max ? Cursor.Encode(state with { Offset = state.Offset + max }) : null;
            return new ListPage<Wire.AdminAuditEvent>(page, next, max);
        });
    }

    public Wire.AdminAuditEventCategories ListAuditEventCategories(Caller caller) =>
        caller.IsFullAdmin
            ? new Wire.AdminAuditEventCategories(AdminAudit.Categories)
            : throw new ForbiddenException("Only full administrators may read admin audit events.");

    private static AuditCursor AuditCursorOf(Caller caller, AuditEventsRequest request)
    {
        if (request.OrgId is null)
        {
            throw new ValidationException("orgId is required.");
        }
        if (request.From is not { } from || request.To is not { } to)
        {
            throw new ValidationException("from and to are required.");
        }
        if (from > to)
        {
            throw new ValidationException("from must not be after to.");
        }
        if (to - from > TimeSpan.FromDays(366))
        {
            throw new ValidationException("At most one year of events may be requested at once.");
        }
        if (request.Offset is < 0)
        {
            throw new ValidationException("offset must not be negative.");
        }
        var orgId = RequireOwnOrg(caller, request.OrgId);
        Guid? actorId = request.ActorId is null
            ? null
            : Ids.Decode(request.ActorId, WebexIdType.Person, "actorId") ?? throw new ValidationException("Invalid actorId.");
        var categories = request.EventCategories?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        return new AuditCursor(orgId, from, to, actorId, categories, request.Offset ?? 0);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAnyAdmin)
        {
            throw new ForbiddenException(AdminsOnly);
        }
    }

    /// <summary>The org an admin request names (default: the caller's); another org is forbidden.</summary>
    private static Guid RequireOwnOrg(Caller caller, string? orgId)
    {
        var id = orgId is null ? caller.OrgId : Ids.Decode(orgId, WebexIdType.Organization, "orgId") ?? throw new ValidationException("Invalid orgId.");
        return id == caller.OrgId ? id : throw new ForbiddenException(AdminsOnly);
    }

    private static Wire.Organization ToWire(Organization org) => new(Ids.Org(org.Id), org.DisplayName, org.Created);

    private static Wire.License ToWire(License license, int consumed, IReadOnlyList<Wire.LicenseUser>? users) => new()
    {
        Id = Ids.License(license.Id),
        Name = license.Name,
        TotalUnits = license.TotalUnits,
        ConsumedUnits = consumed,
        ConsumedByUsers = consumed,
        ConsumedByWorkspaces = 0,
        Users = users,
    };

    private sealed record LicenseCursor(Guid OrgId, string? AfterName, Guid? AfterId);

    private sealed record HolderCursor(Guid LicenseId, Guid AfterPersonId);

    private sealed record AuditCursor(Guid OrgId, DateTime From, DateTime To, Guid? ActorId, IReadOnlyList<string>? Categories, int Offset);
}
