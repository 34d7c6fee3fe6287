using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>The filters of <c>GET /v1/rooms</c>, as received.</summary>
public sealed record RoomListRequest(
    string? TeamId,
    string? Type,
    string? SortBy,
    bool? OrgPublicSpaces,
    DateTime? From,
    DateTime? To,
    string? Cursor);

/// <summary>Rooms: list, create, get, update, delete. Every permission rule of a room lives here or in <see cref="RoomAccess"/>.</summary>
public sealed class RoomService(IDataStore store, TimeProvider time)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string TeamNotFound = "Could not find a team with provided ID.";
    public const string MeetingInfoNotFound = "Meeting information is not available for this room.";

    private enum ListMode
    {
        Member,
        Team,
        Public,
    }

    /// <summary>Paging state: the listing's filters plus the sort key of the last room returned.</summary>
    private sealed record RoomCursor(ListMode Mode, Guid? TeamId, RoomType? Type, RoomSort Sort, DateTime? From, DateTime? To, DateTime? At, Guid Id);

    public Task<Page<Wire.Room>> ListAsync(Caller caller, RoomListRequest request, int max)
    {
        var cursor = request.Cursor is { } c ? Cursor.Decode<RoomCursor>(c) : null;
        var query = cursor ?? ParseListRequest(request);
        var after = cursor is null ? null : new RoomKey(cursor.At, cursor.Id);
        return store.ReadAsync(async s =>
        {
            var generalRoomId = Guid.Empty;
            IReadOnlyList<Room> rooms = query.Mode switch
            {
                ListMode.Team => await ListTeamAsync(s, caller, query, cursor is not null, max + 1, id => generalRoomId = id),
                ListMode.Public => await s.Rooms.ListPublicAsync(caller.OrgId, query.From, query.To, after, max + 1),
                _ => await s.Rooms.ListForMemberAsync(new RoomQuery(caller.PersonId, query.Type, query.Sort), after, max + 1),
            };
            var page = rooms.Take(max).ToList();
            string? next = null;
            if (rooms.Count > max)
            {
                var last = page[^1];
                DateTime? at = query.Mode == ListMode.Public ? last.MadePublic : query.Sort switch
                {
                    RoomSort.LastActivity => last.LastActivity,
                    RoomSort.Created => last.Created,
                    _ => null,
                };
                // After the General room (always first) the rest of a team listing starts from the lowest ID.
                next = Cursor.Encode(query with { At = at, Id = last.Id == generalRoomId ? Guid.Empty : last.Id });
            }
            var items = new List<Wire.Room>(page.Count);
            foreach (var room in page)
            {
                items.Add(await RoomRules.ToWireAsync(s, room, caller.PersonId));
            }
            return new Page<Wire.Room>(items, next);
        });
    }

    private static RoomCursor ParseListRequest(RoomListRequest request)
    {
        var teamId = Ids.Optional(request.TeamId, WebexIdType.Team, "teamId", TeamNotFound);
        var sort = request.SortBy?.ToLowerInvariant() switch
        {
            null => (RoomSort?)null,
            "id" => RoomSort.Id,
            "lastactivity" => RoomSort.LastActivity,
            "created" => RoomSort.Created,
            _ => throw new ValidationException("sortBy must be one of id, lastactivity, created."),
        };
        // Any other type value lists every type, as Webex documents.
        var type = request.Type?.ToLowerInvariant() switch
        {
            "direct" => (RoomType?)RoomType.Direct,
            "group" => RoomType.Group,
            _ => null,
        };
        if (request.OrgPublicSpaces == true)
        {
            if (teamId is not null || request.Type is not null || sort is not null)
            {
                throw new ValidationException("orgPublicSpaces cannot be combined with teamId, type or sortBy.");
            }
            return new RoomCursor(ListMode.Public, null, null, RoomSort.Id, request.From, request.To, null, Guid.Empty);
        }
        return teamId is not null
            ? new RoomCursor(ListMode.Team, teamId, type, RoomSort.Id, null, null, null, Guid.Empty)
            : new RoomCursor(ListMode.Member, null, type, sort ?? RoomSort.Id, null, null, null, Guid.Empty);
    }

    /// <summary>Rooms of a team the caller belongs to: the General room first, then the others by ID.</summary>
    private static async Task<IReadOnlyList<Room>> ListTeamAsync(IStoreSession s, Caller caller, RoomCursor query, bool continued, int limit, Action<Guid> generalRoom)
    {
        var teamId = query.TeamId!.Value;
        var team = await s.Teams.GetAsync(teamId);
        if (team is null || await s.TeamMemberships.GetAsync(caller.PersonId, teamId) is null)
        {
            throw new NotFoundException(TeamNotFound);
        }
        generalRoom(team.GeneralRoomId);
        if (query.Type == RoomType.Direct)
        {
            return [];
        }
        var result = new List<Room>();
        if (!continued && await s.Rooms.GetAsync(team.GeneralRoomId) is { IsArchived: false } general)
        {
            result.Add(general);
        }
        // The General room comes first whatever its ID, so it is skipped in the ID-ordered remainder.
        var rest = await s.Rooms.ListForTeamAsync(teamId, continued ? query.Id : null, limit - result.Count + 1);
        result.AddRange(rest.Where(r => r.Id != team.GeneralRoomId).Take(limit - result.Count));
        return result;
    }

    public Task<Wire.Room> CreateAsync(Caller caller, CreateRoomRequest request)
    {
        var title = RequireTitle(request.Title);
        if (string.Equals(request.Type?.Trim(), "direct", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("Direct rooms are created by sending a message to a person.");
        }
        var teamId = Ids.Optional(request.TeamId, WebexIdType.Team, "teamId", TeamNotFound);
        var isLocked = request.IsLocked == true;
        if (request.IsAnnouncementOnly == true && !isLocked)
        {
            throw new ValidationException("An announcement-only room must be locked.");
        }
        var description = NormalizeDescription(request.Description);
        if (request.IsPublic == true && description is null)
        {
            throw new ValidationException("A public room requires a description.");
        }
        if (!string.IsNullOrWhiteSpace(request.ClassificationId))
        {
            ClassificationNotAvailable(caller);
        }
        return store.WriteAsync(async s =>
        {
            if (teamId is { } t && (await s.Teams.GetAsync(t) is null || await s.TeamMemberships.GetAsync(caller.PersonId, t) is null))
            {
                throw new NotFoundException(TeamNotFound);
            }
            var now = time.UtcNowMs();
            var room = new Room
            {
                Id = Uuid7.New(),
                Title = title,
                Type = RoomType.Group,
                IsLocked = isLocked,
                TeamId = teamId,
                LastActivity = now,
                CreatorId = caller.PersonId,
                Created = now,
                OwnerOrgId = caller.OrgId,
                IsAnnouncementOnly = request.IsAnnouncementOnly == true,
                IsPublic = request.IsPublic == true,
                MadePublic = request.IsPublic == true ? now : null,
                Description = description,
            };
            s.Rooms.Add(room);
            var membership = new Membership { PersonId = caller.PersonId, RoomId = room.Id, IsModerator = isLocked, Created = now };
            s.Memberships.Add(membership);
            await Outbox.RoomAsync(s, caller.PersonId, now, WebhookResources.Created, room);
            await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, membership, room);
            return await RoomRules.ToWireAsync(s, room, caller.PersonId);
        });
    }

    public Task<Wire.Room> GetAsync(Caller caller, string roomId)
    {
        var id = Ids.Require(roomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        return store.ReadAsync(async s =>
        {
            var view = await RoomAccess.GetVisibleAsync(s, caller, id);
            return await RoomRules.ToWireAsync(s, view.Room, caller.PersonId);
        });
    }

    /// <summary>Meeting details are out of scope for a messaging server: the room is checked, then 404.</summary>
    public Task<Wire.Room> GetMeetingInfoAsync(Caller caller, string roomId)
    {
        var id = Ids.Require(roomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        return store.ReadAsync<Wire.Room>(async s =>
        {
            await RoomAccess.GetVisibleAsync(s, caller, id);
            throw new NotFoundException(MeetingInfoNotFound);
        });
    }

    public Task<Wire.Room> UpdateAsync(Caller caller, string roomId, UpdateRoomRequest request)
    {
        var id = Ids.Require(roomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        var title = RequireTitle(request.Title);
        var requestedTeamId = Ids.Optional(request.TeamId, WebexIdType.Team, "teamId", TeamNotFound);
        return store.WriteAsync(async s =>
        {
            var view = await RoomAccess.GetVisibleAsync(s, caller, id);
            var room = view.Room;
            var changes = new RoomChanges(room, request, title, requestedTeamId, await RoomAccess.TitleForAsync(s, room, caller.PersonId));
            if (!changes.Any)
            {
                return await RoomRules.ToWireAsync(s, room, caller.PersonId);
            }
            await AuthorizeUpdateAsync(s, caller, view, changes, request);
            await ApplyUpdateAsync(s, caller, view, changes, request);
            await Outbox.RoomAsync(s, caller.PersonId, time.UtcNowMs(), WebhookResources.Updated, room);
            return await RoomRules.ToWireAsync(s, room, caller.PersonId);
        });
    }

    /// <summary>Which settable fields of a PUT differ from the room; unchanged fields are ignored entirely (00 §2).</summary>
    private sealed class RoomChanges(Room room, UpdateRoomRequest request, string title, Guid? teamId, string currentTitle)
    {
        public bool Title { get; } = title != currentTitle;
        public bool Team { get; } = teamId is not null && teamId != room.TeamId;
        public bool Locked { get; } = request.IsLocked is { } l && l != room.IsLocked;
        public bool Public { get; } = request.IsPublic is { } p && p != room.IsPublic;
        public bool Description { get; } = request.Description is not null && NormalizeDescription(request.Description) != room.Description;
        public bool AnnouncementOnly { get; } = request.IsAnnouncementOnly is { } a && a != room.IsAnnouncementOnly;
        public bool ReadOnly { get; } = request.IsReadOnly is { } r && r != room.IsReadOnly;
        public bool Classification { get; } = !string.IsNullOrWhiteSpace(request.ClassificationId);
        public Guid? TeamId { get; } = teamId;
        public string NewTitle { get; } = title;

        public bool Any => Title || Team || Locked || Public || Description || AnnouncementOnly || ReadOnly || Classification;
    }

    private static async Task AuthorizeUpdateAsync(IStoreSession s, Caller caller, RoomAccess.View view, RoomChanges changes, UpdateRoomRequest request)
    {
        var room = view.Room;
        if (room.Type == RoomType.Direct)
        {
            if (changes.Title)
            {
                throw new ValidationException("The title of a direct room cannot be changed.");
            }
            throw new ForbiddenException("Direct rooms cannot be changed.");
        }
        var officer = caller.IsComplianceOfficer && room.OwnerOrgId == caller.OrgId;
        if (changes.ReadOnly && !officer)
        {
            throw new ForbiddenException("Only a compliance officer can make a room read-only.");
        }
        if (changes.Classification)
        {
            ClassificationNotAvailable(caller);
        }
        if (!view.IsMember)
        {
            // A compliance officer outside the room may change only these fields.
            if (!officer || changes.Title || changes.Team || changes.Locked)
            {
                throw new ForbiddenException("Only members of the room can change it.");
            }
        }
        else if (room.IsLocked && !view.IsModerator && !officer)
        {
            throw new ForbiddenException("Only moderators can change a locked room.");
        }
        var lockedAfter = request.IsLocked ?? room.IsLocked;
        var moderatorAfter = view.IsModerator || (changes.Locked && lockedAfter);
        if (changes.AnnouncementOnly)
        {
            if (request.IsAnnouncementOnly == true && !lockedAfter)
            {
                throw new ValidationException("An announcement-only room must be locked.");
            }
            if (!moderatorAfter && !officer)
            {
                throw new ForbiddenException("Only moderators can change announcement mode.");
            }
        }
        if (changes.Locked && !lockedAfter && await RoomRules.GeneralRoomTeamAsync(s, room) is not null)
        {
            throw new ValidationException("The General room of a team is always locked.");
        }
        if (changes.Public && request.IsPublic == true)
        {
            if (!officer)
            {
                throw new ForbiddenException("Only a compliance officer can make a room public.");
            }
            var descriptionAfter = request.Description is null ? room.Description : NormalizeDescription(request.Description);
            if (descriptionAfter is null)
            {
                throw new ValidationException("A public room requires a description.");
            }
        }
        if (changes.Team)
        {
            if (room.TeamId is not null)
            {
                throw new ValidationException("A team room cannot be moved to another team.");
            }
            var targetId = changes.TeamId!.Value;
            if (await s.Teams.GetAsync(targetId) is null || await s.TeamMemberships.GetAsync(caller.PersonId, targetId) is null)
            {
                throw new NotFoundException(TeamNotFound);
            }
            foreach (var moderator in (await s.Memberships.ListAllByRoomAsync(room.Id)).Where(m => m.IsModerator))
            {
                if (await s.TeamMemberships.GetAsync(moderator.PersonId, targetId) is null)
                {
                    throw new ValidationException("Every moderator of the room must be a member of the team.");
                }
            }
        }
    }

    private async Task ApplyUpdateAsync(IStoreSession s, Caller caller, RoomAccess.View view, RoomChanges changes, UpdateRoomRequest request)
    {
        var room = view.Room;
        var now = time.UtcNowMs();
        if (changes.Title)
        {
            room.Title = changes.NewTitle;
        }
        if (changes.Team)
        {
            room.TeamId = changes.TeamId;
        }
        if (changes.Description)
        {
            room.Description = NormalizeDescription(request.Description);
        }
        if (changes.Public)
        {
            room.IsPublic = request.IsPublic!.Value;
            room.MadePublic = room.IsPublic ? now : null;
        }
        if (changes.Locked)
        {
            room.IsLocked = request.IsLocked!.Value;
            if (room.IsLocked)
            {
                if (view.Membership is { IsModerator: false } mine)
                {
                    mine.IsModerator = true;
                    await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, mine, room);
                }
            }
            else
            {
                room.IsAnnouncementOnly = false;
                foreach (var moderator in (await s.Memberships.ListAllByRoomAsync(room.Id)).Where(m => m.IsModerator))
                {
                    var demoted = new Membership { PersonId = moderator.PersonId, RoomId = room.Id, Created = moderator.Created, IsRoomHidden = moderator.IsRoomHidden };
                    await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, demoted, room);
                }
                await s.Memberships.ClearModeratorsAsync(room.Id);
                // The tracked copy must agree with the bulk update, or saving would set the flag again.
                view.Membership?.IsModerator = false;
            }
        }
        if (changes.AnnouncementOnly)
        {
            room.IsAnnouncementOnly = request.IsAnnouncementOnly!.Value;
        }
        if (changes.ReadOnly)
        {
            room.IsReadOnly = request.IsReadOnly!.Value;
        }
    }

    public Task DeleteAsync(Caller caller, string roomId)
    {
        var id = Ids.Require(roomId, WebexIdType.Room, "roomId", RoomAccess.NotFound);
        return store.WriteAsync(async s =>
        {
            var view = await RoomAccess.GetAsMemberAsync(s, caller, id);
            // Archiving and leaving change the room and end the membership: they are loaded again, tracked.
            var room = (await s.Rooms.GetAsync(id))!;
            var membership = (await s.Memberships.GetAsync(caller.PersonId, id))!;
            if (room.Type == RoomType.Direct)
            {
                throw new ForbiddenException("Direct rooms cannot be deleted; hide them with the membership's isRoomHidden.");
            }
            if (room.TeamId is { } teamId)
            {
                var team = await s.Teams.GetAsync(teamId);
                if (team?.GeneralRoomId == room.Id)
                {
                    throw new ValidationException("The General room of a team cannot be deleted; delete the team instead.");
                }
                var teamModerator = (await s.TeamMemberships.GetAsync(caller.PersonId, teamId))?.IsModerator == true;
                if (teamModerator || view.IsModerator)
                {
                    await ArchiveAsync(s, room, caller.PersonId, time.UtcNowMs());
                    return true;
                }
                await RoomRules.LeaveAsync(s, room, membership, time.UtcNowMs(), caller.PersonId);
                return true;
            }
            if (room.IsLocked && !view.IsModerator)
            {
                await RoomRules.LeaveAsync(s, room, membership, time.UtcNowMs(), caller.PersonId);
                return true;
            }
            await RoomRules.AnnounceRemovalOfAllAsync(s, room, caller.PersonId, time.UtcNowMs());
            await s.Rooms.DeleteWithContentsAsync(room.Id);
            return true;
        });
    }

    /// <summary>An archived team room disappears for everyone and its memberships end.</summary>
    private static async Task ArchiveAsync(IStoreSession s, Room room, Guid actorId, DateTime now)
    {
        await RoomRules.AnnounceRemovalOfAllAsync(s, room, actorId, now);
        foreach (var membership in await s.Memberships.ListAllByRoomAsync(room.Id))
        {
            s.Memberships.Remove(membership);
        }
        room.IsArchived = true;
    }

    private static string RequireTitle(string? title)
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ValidationException("Title cannot be empty.");
        }
        return trimmed.Length <= RoomRules.MaxTitleLength
            ? trimmed
            : throw new ValidationException($"Title cannot be longer than {RoomRules.MaxTitleLength} characters.");
    }

    /// <summary>A single space clears the description, as in Webex; blank means none.</summary>
    private static string? NormalizeDescription(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    /// <summary>No classifications are configured on this server, so none can be named.</summary>
    private static void ClassificationNotAvailable(Caller caller)
    {
        if (caller.IsBot)
        {
            throw new ForbiddenException("Bots cannot set a space classification.");
        }
        throw new ValidationException("Could not find a classification with provided ID.");
    }
}
