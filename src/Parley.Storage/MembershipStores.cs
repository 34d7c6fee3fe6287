using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class MembershipStore(StoreContext context) : IMembershipStore
{
    private static readonly SqlStatement ByKey = new(
        "SELECT is_moderator, is_room_hidden, created FROM memberships WHERE person_id = @person AND room_id = @room",
        ("person", SqlType.Guid), ("room", SqlType.Guid));

    private static readonly SqlStatement WithRoomByKey = new(
        $"SELECT {SqlStatement.Qualified("r", RoomStore.Columns)}, m.is_moderator, m.is_room_hidden, m.created FROM memberships m JOIN rooms r ON r.id = m.room_id "
        + "WHERE m.person_id = @person AND m.room_id = @room",
        ("person", SqlType.Guid), ("room", SqlType.Guid));

    private ParleyDbContext Db => context.Db;

    public async Task<Membership?> GetAsync(Guid personId, Guid roomId)
    {
        var command = await context.CommandAsync(ByKey);
        command.Set(0, personId);
        command.Set(1, roomId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? context.Track(Read(reader, 0, personId, roomId), static m => [m.PersonId, m.RoomId]) : null;
    }

    /// <summary>A membership from its flags and creation time, read from column <paramref name="first"/> on.</summary>
    private static Membership Read(RawReader reader, int first, Guid personId, Guid roomId) => new()
    {
        PersonId = personId,
        RoomId = roomId,
        IsModerator = reader.GetBoolean(first),
        IsRoomHidden = reader.GetBoolean(first + 1),
        Created = reader.GetTime(first + 2),
    };

    public async Task<(Room Room, Membership Membership)?> GetWithRoomAsync(Guid personId, Guid roomId)
    {
        var command = await context.CommandAsync(WithRoomByKey);
        command.Set(0, personId);
        command.Set(1, roomId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (RoomStore.Read(reader), Read(reader, RoomStore.ColumnCount, personId, roomId)) : null;
    }

    public async Task<IReadOnlyList<Membership>> ListByRoomAsync(Guid roomId, Guid? personId, bool moderatorsOnly, MembershipKey? after, int limit)
    {
        var members = Db.Memberships.Where(m => m.RoomId == roomId);
        if (personId is { } p)
        {
            members = members.Where(m => m.PersonId == p);
        }
        if (moderatorsOnly)
        {
            members = members.Where(m => m.IsModerator);
        }
        if (after is { } key)
        {
            members = members.Where(m => m.Created >= key.Created && (m.Created > key.Created || m.PersonId > key.Id));
        }
        return await members.OrderBy(m => m.Created).ThenBy(m => m.PersonId).Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<Membership>> ListByPersonAsync(Guid personId, MembershipKey? after, int limit)
    {
        var members = Db.Memberships.Where(m => m.PersonId == personId);
        if (after is { } key)
        {
            members = members.Where(m => m.Created <= key.Created && (m.Created < key.Created || m.RoomId > key.Id));
        }
        return await members.OrderByDescending(m => m.Created).ThenBy(m => m.RoomId).Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<Membership>> ListAllByRoomAsync(Guid roomId) =>
        await Db.Memberships.Where(m => m.RoomId == roomId).OrderBy(m => m.Created).ThenBy(m => m.PersonId).ToListAsync();

    public async Task<IReadOnlyList<Membership>> ListAllByPersonAsync(Guid personId) =>
        await Db.Memberships.Where(m => m.PersonId == personId).ToListAsync();

    public Task<int> CountModeratorsAsync(Guid roomId) => Db.Memberships.CountAsync(m => m.RoomId == roomId && m.IsModerator);

    public Task<bool> AnyAsync(Guid roomId) => Db.Memberships.AnyAsync(m => m.RoomId == roomId);

    public void Add(Membership membership) => Db.Memberships.Add(membership);

    public void Remove(Membership membership) => Db.Memberships.Remove(membership);

    public Task UnhideAllAsync(Guid roomId) =>
        Db.Memberships.Where(m => m.RoomId == roomId && m.IsRoomHidden)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsRoomHidden, false));

    public Task ClearModeratorsAsync(Guid roomId) =>
        Db.Memberships.Where(m => m.RoomId == roomId && m.IsModerator)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsModerator, false));
}

internal sealed class TeamMembershipStore(ParleyDbContext db) : ITeamMembershipStore
{
    public Task<TeamMembership?> GetAsync(Guid personId, Guid teamId) =>
        db.TeamMemberships.FirstOrDefaultAsync(m => m.PersonId == personId && m.TeamId == teamId);

    public async Task<IReadOnlyList<TeamMembership>> ListByTeamAsync(Guid teamId, MembershipKey? after, int limit)
    {
        var members = db.TeamMemberships.Where(m => m.TeamId == teamId);
        if (after is { } key)
        {
            members = members.Where(m => m.Created >= key.Created && (m.Created > key.Created || m.PersonId > key.Id));
        }
        return await members.OrderBy(m => m.Created).ThenBy(m => m.PersonId).Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<TeamMembership>> ListAllByTeamAsync(Guid teamId) =>
        await db.TeamMemberships.Where(m => m.TeamId == teamId).ToListAsync();

    public async Task<IReadOnlyList<TeamMembership>> ListAllByPersonAsync(Guid personId) =>
        await db.TeamMemberships.Where(m => m.PersonId == personId).ToListAsync();

    public Task<int> CountModeratorsAsync(Guid teamId) => db.TeamMemberships.CountAsync(m => m.TeamId == teamId && m.IsModerator);

    public void Add(TeamMembership membership) => db.TeamMemberships.Add(membership);

    public void Remove(TeamMembership membership) => db.TeamMemberships.Remove(membership);
}
