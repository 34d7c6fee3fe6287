using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Team memberships; each one carries a membership of the team's General room.</summary>
public sealed class TeamMembershipService(IDataStore store, TimeProvider time, PeopleService people)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string NotFound = "Could not find a team membership with provided ID.";

    private sealed record TeamMembershipCursor(Guid TeamId, DateTime Created, Guid Id);

    public Task<Page<Wire.TeamMembership>> ListAsync(Caller caller, string? teamId, string? cursor, int max)
    {
        var state = cursor is null ? null : Cursor.Decode<TeamMembershipCursor>(cursor);
        if (state is null && string.IsNullOrWhiteSpace(teamId))
        {
            throw new ValidationException("teamId cannot be empty.");
        }
        var id = state?.TeamId ?? Ids.Require(teamId, WebexIdType.Team, "teamId", RoomService.TeamNotFound);
        return store.ReadAsync(async s =>
        {
            await TeamService.GetAsMemberAsync(s, caller, id);
            var found = await s.TeamMemberships.ListByTeamAsync(id, state is null ? null : new MembershipKey(state.Created, state.Id), max + 1);
            var page = found.Take(max).ToList();
            var next = found.Count > max ? Cursor.Encode(new TeamMembershipCursor(id, page[^1].Created, page[^1].PersonId)) : null;
            var persons = (await s.People.GetManyAsync(page.Select(m => m.PersonId).ToList())).ToDictionary(p => p.Id);
            return new Page<Wire.TeamMembership>(
                page.Where(m => persons.ContainsKey(m.PersonId)).Select(m => ToWire(m, persons[m.PersonId])).ToList(),
                next);
        });
    }

    public Task<Wire.TeamMembership> CreateAsync(Caller caller, CreateTeamMembershipRequest request)
    {
        var teamId = Ids.Require(request.TeamId, WebexIdType.Team, "teamId", RoomService.TeamNotFound);
        var personId = Ids.Optional(request.PersonId, WebexIdType.Person, "personId", PeopleService.NotFound);
        if (personId is null && string.IsNullOrWhiteSpace(request.PersonEmail))
        {
            throw new ValidationException("Must specify either personId or personEmail.");
        }
        return store.WriteAsync(async s =>
        {
            var (team, own) = await TeamService.GetAsMemberAsync(s, caller, teamId);
            if (!own.IsModerator)
            {
                throw new ForbiddenException("Only team moderators can add team members.");
            }
            var person = personId is { } p
                ? await s.People.GetAsync(p) ?? throw new NotFoundException(PeopleService.NotFound)
                : await people.GetOrCreateByEmailAsync(s, request.PersonEmail!);
            if (await s.TeamMemberships.GetAsync(person.Id, team.Id) is not null)
            {
                throw new ConflictException("Person is already a member of the team.");
            }
            var now = time.UtcNowMs();
            var membership = new TeamMembership { PersonId = person.Id, TeamId = team.Id, IsModerator = request.IsModerator == true, Created = now };
            s.TeamMemberships.Add(membership);
            if (await s.Rooms.GetAsync(team.GeneralRoomId) is { } general)
            {
                if (await s.Memberships.GetAsync(person.Id, general.Id) is { } existing)
                {
                    if (membership.IsModerator && !existing.IsModerator)
                    {
                        existing.IsModerator = true;
                        await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Updated, existing, general);
                    }
                }
                else
                {
                    var roomMembership = new Membership { PersonId = person.Id, RoomId = general.Id, IsModerator = membership.IsModerator, Created = now };
                    s.Memberships.Add(roomMembership);
                    await Outbox.MembershipAsync(s, caller.PersonId, now, WebhookResources.Created, roomMembership, general);
                    general.LastActivity = now > general.LastActivity ? now : general.LastActivity;
                }
            }
            return ToWire(membership, person);
        });
    }

    public Task<Wire.TeamMembership> GetAsync(Caller caller, string membershipId)
    {
        var (personId, teamId) = Ids.RequirePair(membershipId, WebexIdType.TeamMembership, NotFound);
        return store.ReadAsync(async s =>
        {
            var (membership, person) = await GetVisibleAsync(s, caller, personId, teamId);
            return ToWire(membership, person);
        });
    }

    public Task<Wire.TeamMembership> UpdateAsync(Caller caller, string membershipId, UpdateTeamMembershipRequest request)
    {
        var (personId, teamId) = Ids.RequirePair(membershipId, WebexIdType.TeamMembership, NotFound);
        if (request.IsModerator is not { } moderator)
        {
            throw new ValidationException("isModerator cannot be empty.");
        }
        return store.WriteAsync(async s =>
        {
            var (membership, person) = await GetVisibleAsync(s, caller, personId, teamId);
            if (membership.IsModerator == moderator)
            {
                return ToWire(membership, person);
            }
            var (team, own) = await TeamService.GetAsMemberAsync(s, caller, teamId);
            if (!own.IsModerator)
            {
                throw new ForbiddenException("Only team moderators can change team moderators.");
            }
            if (!moderator && await s.TeamMemberships.CountModeratorsAsync(teamId) <= 1)
            {
                throw new ConflictException("A team must keep at least one moderator.");
            }
            membership.IsModerator = moderator;
            if (await s.Memberships.GetAsync(personId, team.GeneralRoomId) is { } general && general.IsModerator != moderator)
            {
                general.IsModerator = moderator;
                if (await s.Rooms.GetAsync(team.GeneralRoomId) is { } generalRoom)
                {
                    await Outbox.MembershipAsync(s, caller.PersonId, time.UtcNowMs(), WebhookResources.Updated, general, generalRoom);
                }
            }
            return ToWire(membership, person);
        });
    }

    public Task DeleteAsync(Caller caller, string membershipId)
    {
        var (personId, teamId) = Ids.RequirePair(membershipId, WebexIdType.TeamMembership, NotFound);
        return store.WriteAsync(async s =>
        {
            var (membership, _) = await GetVisibleAsync(s, caller, personId, teamId);
            var (team, own) = await TeamService.GetAsMemberAsync(s, caller, teamId);
            if (personId != caller.PersonId && !own.IsModerator)
            {
                throw new ForbiddenException("Only team moderators can remove team members.");
            }
            if (membership.IsModerator && await s.TeamMemberships.CountModeratorsAsync(teamId) <= 1)
            {
                throw new ConflictException("The last team moderator cannot be removed; promote another member first.");
            }
            s.TeamMemberships.Remove(membership);
            var general = await s.Rooms.GetAsync(team.GeneralRoomId);
            if (general is not null && await s.Memberships.GetAsync(personId, general.Id) is { } roomMembership)
            {
                await RoomRules.LeaveAsync(s, general, roomMembership, time.UtcNowMs(), caller.PersonId);
            }
            return true;
        });
    }

    /// <summary>A team membership the caller may see: any membership of a team they belong to.</summary>
    private static async Task<(TeamMembership Membership, Person Person)> GetVisibleAsync(IStoreSession s, Caller caller, Guid personId, Guid teamId)
    {
        if (await s.TeamMemberships.GetAsync(caller.PersonId, teamId) is null
            || await s.TeamMemberships.GetAsync(personId, teamId) is not { } membership
            || await s.People.GetAsync(personId) is not { } person)
        {
            throw new NotFoundException(NotFound);
        }
        return (membership, person);
    }

    public static Wire.TeamMembership ToWire(TeamMembership m, Person person) => new()
    {
        Id = Ids.TeamMembership(m.PersonId, m.TeamId),
        TeamId = Ids.Team(m.TeamId),
        PersonId = Ids.Person(m.PersonId),
        PersonEmail = person.Email,
        PersonDisplayName = person.DisplayName,
        PersonOrgId = Ids.Org(person.OrgId),
        IsModerator = m.IsModerator,
        Created = m.Created,
    };
}
