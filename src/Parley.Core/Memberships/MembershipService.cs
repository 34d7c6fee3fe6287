using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>The filters of <c>GET /v1/memberships</c>, as received.</summary>
public sealed record MembershipListRequest(string? RoomId, string? PersonId, string? PersonEmail, string? Cursor);

/// <summary>Room memberships: who may see, add, promote, hide and remove whom.</summary>
public sealed class MembershipService(IDataStore store, TimeProvider time, PeopleService people)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string NotFound = "Could not find a membership with provided ID.";

    /// <summary>
    /// Paging state. <c>Room</c> lists one room's members (optionally one person); <c>Own</c> lists the caller's
    /// memberships; <c>Officer</c> lists one person's memberships in rooms of the officer's organization.
    /// </summary>
    private sealed record MembershipCursor(ListMode Mode, Guid? RoomId, Guid? PersonId, bool Empty, DateTime Created, Guid Id);

    private enum ListMode
    {
        Own,
        Room,
        Officer,
    }

    public Task<Page<Wire.Membership>> ListAsync(Caller caller, MembershipListRequest request, int max)
    {
        var cursor = request.Cursor is { } c ? Cursor.Decode<MembershipCursor>(c) : null;
        var roomId = cursor is null ? Ids.Optional(request.RoomId, WebexIdType.Room, "roomId", RoomAccess.NotFound) : cursor.RoomId;
        var personId = cursor is null ? Ids.Optional(request.PersonId, WebexIdType.Person, "personId", PeopleService.NotFound) : cursor.PersonId;
        var byPerson = personId is not null || request.PersonEmail is not null;
        if (cursor is null && byPerson && roomId is null && !caller.IsComplianceOfficer)
        {
            throw new ValidationException("personId and personEmail require roomId.");
        }
        var after = cursor is null ? null : new MembershipKey(cursor.Created, cursor.Id);
        return store.ReadAsync(async s =>
        {
            var query = cursor;
            if (query is null)
            {
                var empty = false;
                if (request.PersonEmail is { } email)
                {
                    var person = await s.People.GetByEmailAsync(email.Trim().ToLowerInvariant());
                    empty = person is null || (personId is not null && personId != person.Id);
                    personId = person?.Id ?? personId;
                }
                var mode = roomId is not null ? ListMode.Room : byPerson ? ListMode.Officer : ListMode.Own;
                query = new MembershipCursor(mode, roomId, personId, empty, default, Guid.Empty);
            }
            if (query.Mode == ListMode.Officer && !caller.IsComplianceOfficer)
            {
                throw new ValidationException("personId and personEmail require roomId.");
            }
            var moderatorsOnly = false;
            if (query.Mode == ListMode.Room)
            {
                moderatorsOnly = await ListAccessAsync(s, caller, query.RoomId!.Value);
            }
            List<Membership> found = query.Empty ? [] : query.Mode switch
            {
                ListMode.Room => [.. await s.Memberships.ListByRoomAsync(query.RoomId!.Value, query.PersonId, moderatorsOnly, after, max + 1)],
                ListMode.Officer => await ListForOfficerAsync(s, caller, query.PersonId!.Value, after, max + 1),
                _ => [.. await s.Memberships.ListByPersonAsync(caller.PersonId, after, max + 1)],
            };
            var page = found.Take(max).ToList();
            string? next = null;
            if (found.Count > max)
            {
                var last = page[^1];
                next = Cursor.Encode(query with { Created = last.Created, Id = query.Mode == ListMode.Room ? last.PersonId : last.RoomId });
            }
            return new Page<Wire.Membership>(await ToWireAsync(s, page), next);
        });
    }

    /// <summary>
    /// Checks that the caller may list a room's members; true when they see only the moderators (a team member
    /// outside a locked team room).
    /// </summary>
    private static async Task<bool> ListAccessAsync(IStoreSession s, Caller caller, Guid roomId)
    {
        var view = await RoomAccess.GetVisibleAsync(s, caller, roomId);
        if (view.IsMember || IsOfficerOf(caller, view.Room))
        {
            return false;
        }
        if (view.TeamMembership is not null)
        {
            return view.Room.IsLocked;
        }
        throw new NotFoundException(RoomAccess.NotFound);
    }

    /// <summary>
    /// A compliance officer's view of one person: their memberships in rooms the officer's organization owns. Filtered
    /// in memory because the store has no query by owning organization; one person's memberships are few.
    /// </summary>
    private static async Task<List<Membership>> ListForOfficerAsync(IStoreSession s, Caller caller, Guid personId, MembershipKey? after, int limit)
    {
        var memberships = await s.Memberships.ListAllByPersonAsync(personId);
        var rooms = (await s.Rooms.GetManyAsync(memberships.Select(m => m.RoomId).ToList())).ToDictionary(r => r.Id);
        return memberships
            .Where(m => rooms.TryGetValue(m.RoomId, out var r) && r.OwnerOrgId == caller.OrgId && !r.IsArchived)
            .OrderByDescending(m => m.Created).ThenBy(m => m.RoomId)
            .Where(m => after is null || m.Created < after.Created || (m.Created == after.Created && m.RoomId.CompareTo(after.Id) > 0))
            .Take(limit)
            .ToList();
    }

    public Task<Wire.Membership> CreateAsync(Caller caller, CreateMembershipRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            throw new ValidationException("roomId cannot be null");
        }
        var roomId = Ids.Require(request.RoomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        var personId = Ids.Optional(request.PersonId, WebexIdType.Person, "personId", PeopleService.NotFound);
        if (personId is null && string.IsNullOrWhiteSpace(request.PersonEmail))
        {
            throw new ValidationException("Must specify either personId or personEmail.");
        }
        return store.WriteAsync(async s =>
        {
            var view = await RoomAccess.GetVisibleAsync(s, caller, roomId);
            var room = view.Room;
            var person = personId is { } p
                ? await s.People.GetAsync(p) ?? throw new NotFoundException(PeopleService.NotFound)
                : await people.GetOrCreateByEmailAsync(s, request.PersonEmail!);
            AuthorizeAdd(caller, view, person.Id, request.IsModerator == true);
            if (!view.IsMember && IsOfficerOf(caller, room) && room.TeamId is not null && !await s.Memberships.AnyAsync(room.Id))
            {
                throw new ForbiddenException("Compliance officers cannot add people to an empty team room.");
            }
            if (await s.Memberships.GetAsync(person.Id, room.Id) is not null)
            {
                throw new ConflictException("Person is already in the room.");
            }
            var now = time.UtcNowMs();
            var membership = new Membership { PersonId = person.Id, RoomId = room.Id, IsModerator = request.IsModerator == true, Created = now };
            s.Memberships.Add(membership);
            await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, membership, room);
            if (membership.IsModerator && !room.IsLocked)
            {
                // Promoting in an unlocked room locks it, with the caller moderating too (as when locking it).
                room.IsLocked = true;
                await Outbox.RoomAsync(s, caller.PersonId, now, WebhookResources.Updated, room);
                if (view.Membership is { IsModerator: false } mine)
                {
                    mine.IsModerator = true;
                    await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, mine, room);
                }
            }
            room.LastActivity = now > room.LastActivity ? now : room.LastActivity;
            return ToWire(membership, person, room);
        });
    }

    private static void AuthorizeAdd(Caller caller, RoomAccess.View view, Guid personId, bool asModerator)
    {
        var room = view.Room;
        if (room.Type == RoomType.Direct)
        {
            throw new ForbiddenException("Cannot add people to a 1:1 room.");
        }
        if (room.IsReadOnly)
        {
            throw new ForbiddenException("The room is read-only.");
        }
        if (IsOfficerOf(caller, room))
        {
            return;
        }
        if (view.IsMember)
        {
            if (room.IsLocked && !view.IsModerator)
            {
                throw new ForbiddenException("Only moderators can add people to a locked room.");
            }
            return;
        }
        var self = personId == caller.PersonId;
        var mayJoin = !room.IsLocked && (view.TeamMembership is not null || (room.IsPublic && room.OwnerOrgId == caller.OrgId));
        if (!self || !mayJoin || asModerator && room.IsLocked)
        {
            throw new ForbiddenException("Only members of the room can add people to it.");
        }
    }

    public Task<Wire.Membership> GetAsync(Caller caller, string membershipId)
    {
        var (personId, roomId) = Ids.RequirePair(membershipId, WebexIdType.Membership, NotFound);
        return store.ReadAsync(async s =>
        {
            var (membership, room, _) = await GetVisibleAsync(s, caller, personId, roomId);
            var person = await s.People.GetAsync(personId) ?? throw new NotFoundException(NotFound);
            return ToWire(membership, person, room);
        });
    }

    /// <summary>
    /// A membership the caller may see: their own, or one in a room whose members they may list (a team member
    /// outside a locked team room sees only moderators).
    /// </summary>
    private static async Task<(Membership Membership, Room Room, RoomAccess.View? View)> GetVisibleAsync(IStoreSession s, Caller caller, Guid personId, Guid roomId)
    {
        RoomAccess.View view;
        try
        {
            view = await RoomAccess.GetVisibleAsync(s, caller, roomId);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(NotFound);
        }
        var membership = personId == caller.PersonId ? view.Membership : await s.Memberships.GetAsync(personId, roomId);
        if (membership is null)
        {
            throw new NotFoundException(NotFound);
        }
        if (personId != caller.PersonId && !view.IsMember && !IsOfficerOf(caller, view.Room)
            && (view.TeamMembership is null || (view.Room.IsLocked && !membership.IsModerator)))
        {
            throw new NotFoundException(NotFound);
        }
        return (membership, view.Room, view);
    }

    public Task<Wire.Membership> UpdateAsync(Caller caller, string membershipId, UpdateMembershipRequest request)
    {
        var (personId, roomId) = Ids.RequirePair(membershipId, WebexIdType.Membership, NotFound);
        if (request.IsModerator is null && request.IsRoomHidden is null)
        {
            throw new ValidationException("Specify isModerator or isRoomHidden.");
        }
        return store.WriteAsync(async s =>
        {
            var (membership, room, view) = await GetVisibleAsync(s, caller, personId, roomId);
            var person = await s.People.GetAsync(personId) ?? throw new NotFoundException(NotFound);
            var before = (membership.IsModerator, membership.IsRoomHidden, room.IsLocked, room.IsAnnouncementOnly, CallerModerator: view?.Membership?.IsModerator);
            if (request.IsRoomHidden is { } hidden && hidden != membership.IsRoomHidden)
            {
                if (room.Type != RoomType.Direct)
                {
                    throw new ValidationException("isRoomHidden applies to direct rooms only.");
                }
                if (personId != caller.PersonId)
                {
                    throw new ForbiddenException("Only the member can hide a room.");
                }
                membership.IsRoomHidden = hidden;
            }
            if (request.IsModerator is { } moderator && moderator != membership.IsModerator)
            {
                await ChangeModeratorAsync(s, caller, view!, room, membership, moderator);
            }
            var now = time.UtcNowMs();
            if (before != (membership.IsModerator, membership.IsRoomHidden, room.IsLocked, room.IsAnnouncementOnly, view?.Membership?.IsModerator))
            {
                await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, membership, room);
                if (before.IsLocked != room.IsLocked || before.IsAnnouncementOnly != room.IsAnnouncementOnly)
                {
                    await Outbox.RoomAsync(s, caller.PersonId, now, WebhookResources.Updated, room);
                }
                if (view?.Membership is { } mine && mine.PersonId != membership.PersonId && before.CallerModerator != mine.IsModerator)
                {
                    await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, mine, room);
                }
            }
            return ToWire(membership, person, room);
        });
    }

    private static async Task ChangeModeratorAsync(IStoreSession s, Caller caller, RoomAccess.View view, Room room, Membership membership, bool moderator)
    {
        if (room.Type == RoomType.Direct)
        {
            throw new ValidationException("Direct rooms have no moderators.");
        }
        if (room.IsReadOnly)
        {
            throw new ForbiddenException("The room is read-only.");
        }
        var officer = IsOfficerOf(caller, room);
        if (!view.IsMember && !officer)
        {
            throw new ForbiddenException("Only members of the room can change moderators.");
        }
        if (room.IsLocked && !view.IsModerator && !officer)
        {
            throw new ForbiddenException("Only moderators can change moderators of a locked room.");
        }
        if (moderator)
        {
            membership.IsModerator = true;
            if (!room.IsLocked)
            {
                room.IsLocked = true;
                view.Membership?.IsModerator = true;
            }
            return;
        }
        var others = (await s.Memberships.ListAllByRoomAsync(room.Id)).Count(m => m.IsModerator && m.PersonId != membership.PersonId);
        if (others == 0)
        {
            if (await RoomRules.GeneralRoomTeamAsync(s, room) is not null)
            {
                throw new ConflictException("The last moderator of a team's General room cannot be demoted.");
            }
            room.IsLocked = false;
            room.IsAnnouncementOnly = false;
        }
        membership.IsModerator = false;
    }

    public Task DeleteAsync(Caller caller, string membershipId)
    {
        var (personId, roomId) = Ids.RequirePair(membershipId, WebexIdType.Membership, NotFound);
        return store.WriteAsync(async s =>
        {
            var (membership, room, view) = await GetVisibleAsync(s, caller, personId, roomId);
            if (room.Type == RoomType.Direct)
            {
                throw new ForbiddenException("1:1 rooms cannot be left; hide them instead.");
            }
            if (room.IsReadOnly)
            {
                throw new ForbiddenException("The room is read-only.");
            }
            if (personId != caller.PersonId && !IsOfficerOf(caller, room))
            {
                if (!view!.IsMember)
                {
                    throw new ForbiddenException("Only members of the room can remove people from it.");
                }
                if (room.IsLocked && !view.IsModerator)
                {
                    throw new ForbiddenException("Only moderators can remove people from a locked room.");
                }
            }
            if (await RoomRules.GeneralRoomTeamAsync(s, room) is { } team
                && (await s.TeamMemberships.GetAsync(personId, team.Id))?.IsModerator == true
                && await s.TeamMemberships.CountModeratorsAsync(team.Id) <= 1)
            {
                throw new ConflictException("The last team moderator cannot leave the General room; promote another team moderator first.");
            }
            await RoomRules.LeaveAsync(s, room, membership, time.UtcNowMs(), caller.PersonId);
            return true;
        });
    }

    private static bool IsOfficerOf(Caller caller, Room room) => caller.IsComplianceOfficer && room.OwnerOrgId == caller.OrgId;

    private static async Task<List<Wire.Membership>> ToWireAsync(IStoreSession s, IReadOnlyList<Membership> memberships)
    {
        var persons = (await s.People.GetManyAsync(memberships.Select(m => m.PersonId).Distinct().ToList())).ToDictionary(p => p.Id);
        var rooms = (await s.Rooms.GetManyAsync(memberships.Select(m => m.RoomId).Distinct().ToList())).ToDictionary(r => r.Id);
        return memberships
            .Where(m => persons.ContainsKey(m.PersonId) && rooms.ContainsKey(m.RoomId))
            .Select(m => ToWire(m, persons[m.PersonId], rooms[m.RoomId]))
            .ToList();
    }

    public static Wire.Membership ToWire(Membership m, Person person, Room room) => new()
    {
        Id = Ids.Membership(m.PersonId, m.RoomId),
        RoomId = Ids.Room(m.RoomId),
        PersonId = Ids.Person(m.PersonId),
        PersonEmail = person.Email,
        PersonDisplayName = person.DisplayName,
        PersonOrgId = Ids.Org(person.OrgId),
        IsModerator = m.IsModerator,
        IsMonitor = false,
        IsRoomHidden = room.Type == RoomType.Direct ? m.IsRoomHidden : null,
        RoomType = RoomRules.TypeName(room.Type),
        Created = m.Created,
    };
}
