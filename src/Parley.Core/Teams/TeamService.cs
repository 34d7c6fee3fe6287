using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Teams and their General room.</summary>
public sealed class TeamService(IDataStore store, TimeProvider time)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;

    private sealed record TeamCursor(DateTime Created, Guid Id);

    public Task<Page<Wire.Team>> ListAsync(Caller caller, string? cursor, int max)
    {
        var after = cursor is null ? null : Cursor.Decode<TeamCursor>(cursor);
        return store.ReadAsync(async s =>
        {
            var teams = await s.Teams.ListForMemberAsync(caller.PersonId, after is null ? null : (after.Created, after.Id), max + 1);
            var page = teams.Take(max).ToList();
            var next = teams.Count > max ? Cursor.Encode(new TeamCursor(page[^1].Created, page[^1].Id)) : null;
            return new Page<Wire.Team>(page.Select(ToWire).ToList(), next);
        });
    }

    public Task<Wire.Team> CreateAsync(Caller caller, TeamRequest request)
    {
        var name = RequireName(request.Name);
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        return store.WriteAsync(async s =>
        {
            var now = time.UtcNowMs();
            var team = new Team
            {
                Id = Uuid7.New(),
                Name = name,
                Description = description,
                CreatorId = caller.PersonId,
                Created = now,
                GeneralRoomId = Uuid7.New(),
            };
            s.Teams.Add(team);
            s.TeamMemberships.Add(new TeamMembership { PersonId = caller.PersonId, TeamId = team.Id, IsModerator = true, Created = now });
            var general = new Room
            {
                Id = team.GeneralRoomId,
                Title = name,
                Type = RoomType.Group,
                IsLocked = true,
                TeamId = team.Id,
                LastActivity = now,
                CreatorId = caller.PersonId,
                Created = now,
                OwnerOrgId = caller.OrgId,
            };
            s.Rooms.Add(general);
            var membership = new Membership { PersonId = caller.PersonId, RoomId = team.GeneralRoomId, IsModerator = true, Created = now };
            s.Memberships.Add(membership);
            await Outbox.RoomAsync(s, caller.PersonId, now, WebhookResources.Created, general);
            await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, membership, general);
            return ToWire(team);
        });
    }

    public Task<Wire.Team> GetAsync(Caller caller, string teamId)
    {
        var id = Ids.Require(teamId, WebexIdType.Team, "teamId", RoomService.TeamNotFound);
        return store.ReadAsync(async s => ToWire((await GetAsMemberAsync(s, caller, id)).Team));
    }

    public Task<Wire.Team> UpdateAsync(Caller caller, string teamId, TeamRequest request)
    {
        var id = Ids.Require(teamId, WebexIdType.Team, "teamId", RoomService.TeamNotFound);
        var name = RequireName(request.Name);
        return store.WriteAsync(async s =>
        {
            var (team, membership) = await GetAsMemberAsync(s, caller, id);
            // Absent keeps the description; a blank one clears it.
            var description = request.Description is null ? team.Description
                : string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
            if (name == team.Name && description == team.Description)
            {
                return ToWire(team);
            }
            if (!membership.IsModerator)
            {
                throw new ForbiddenException("Only team moderators can change the team.");
            }
            team.Name = name;
            team.Description = description;
            if (await s.Rooms.GetAsync(team.GeneralRoomId) is { } general)
            {
                general.Title = name;
            }
            return ToWire(team);
        });
    }

    /// <summary>Deletes the team with its memberships and General room; its other rooms are archived.</summary>
    public Task DeleteAsync(Caller caller, string teamId)
    {
        var id = Ids.Require(teamId, WebexIdType.Team, "teamId", RoomService.TeamNotFound);
        return store.WriteAsync(async s =>
        {
            var (team, membership) = await GetAsMemberAsync(s, caller, id);
            if (!membership.IsModerator)
            {
                throw new ForbiddenException("Only team moderators can delete the team.");
            }
            await s.Teams.ArchiveRoomsAsync(team.Id, team.GeneralRoomId);
            if (await s.Rooms.GetAsync(team.GeneralRoomId) is { } generalRoom)
            {
                await RoomRules.AnnounceRemovalOfAllAsync(s, generalRoom, caller.PersonId, time.UtcNowMs());
            }
            await s.Rooms.DeleteWithContentsAsync(team.GeneralRoomId);
            foreach (var member in await s.TeamMemberships.ListAllByTeamAsync(team.Id))
            {
                s.TeamMemberships.Remove(member);
            }
            s.Teams.Remove(team);
            return true;
        });
    }

    /// <summary>A team the caller belongs to, with their team membership; anything else is 404.</summary>
    public static async Task<(Team Team, TeamMembership Membership)> GetAsMemberAsync(IStoreSession s, Caller caller, Guid teamId)
    {
        var team = await s.Teams.GetAsync(teamId);
        var membership = team is null ? null : await s.TeamMemberships.GetAsync(caller.PersonId, teamId);
        return membership is null ? throw new NotFoundException(RoomService.TeamNotFound) : (team!, membership);
    }

    private static string RequireName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ValidationException("Name cannot be empty.");
        }
        return trimmed.Length <= RoomRules.MaxTitleLength
            ? trimmed
            : throw new ValidationException($"Name cannot be longer than {RoomRules.MaxTitleLength} characters.");
    }

    public static Wire.Team ToWire(Team team) => new()
    {
        Id = Ids.Team(team.Id),
        Name = team.Name,
        Description = team.Description,
        CreatorId = Ids.Person(team.CreatorId),
        Created = team.Created,
    };
}
