using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class RoomStore(StoreContext context) : IRoomStore
{
    /// <summary>The columns <see cref="Read"/> reads, in order.</summary>
    internal const string Columns = "id, title, type, is_locked, team_id, last_activity, creator_id, created, owner_org_id, "
        + "classification_id, is_announcement_only, is_read_only, is_public, made_public, description, is_archived, direct_pair_key";

    /// <summary>How many columns <see cref="Columns"/> lists.</summary>
    internal static readonly int ColumnCount = Columns.Split(", ").Length;

    private static readonly SqlStatement ById = new($"SELECT {Columns} FROM rooms WHERE id = @id", ("id", SqlType.Guid));

    private static readonly SqlStatement UpdateLastActivity = new(
        "UPDATE rooms SET last_activity = @at WHERE id = @id AND last_activity < @at", ("at", SqlType.Int64), ("id", SqlType.Guid));

    private ParleyDbContext Db => context.Db;

    public Task<Room?> GetAsync(Guid id) => context.GetByIdAsync(ById, id, Read, static r => [r.Id]);

    internal static Room Read(RawReader r) => new()
    {
        Id = r.GetGuid(0),
        Title = r.GetString(1),
        Type = Enum.Parse<RoomType>(r.GetString(2)),
        IsLocked = r.GetBoolean(3),
        TeamId = r.GetNullableGuid(4),
        LastActivity = r.GetTime(5),
        CreatorId = r.GetGuid(6),
        Created = r.GetTime(7),
        OwnerOrgId = r.GetGuid(8),
        ClassificationId = r.GetNullableGuid(9),
        IsAnnouncementOnly = r.GetBoolean(10),
        IsReadOnly = r.GetBoolean(11),
        IsPublic = r.GetBoolean(12),
        MadePublic = r.GetNullableTime(13),
        Description = r.GetNullableString(14),
        IsArchived = r.GetBoolean(15),
        DirectPairKey = r.GetNullableString(16),
    };

    public async Task<IReadOnlyList<Room>> GetManyAsync(IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0 ? [] : await Db.Rooms.Where(r => ids.Contains(r.Id)).ToListAsync();

    public Task<Room?> GetDirectAsync(string pairKey) => Db.Rooms.FirstOrDefaultAsync(r => r.DirectPairKey == pairKey);

    public async Task<IReadOnlyList<Room>> ListForMemberAsync(RoomQuery query, RoomKey? after, int limit)
    {
        var rooms = Db.Memberships.Where(m => m.PersonId == query.PersonId)
            .Join(Db.Rooms, m => m.RoomId, r => r.Id, (m, r) => r)
            .Where(r => !r.IsArchived);
        if (query.Type is { } type)
        {
            rooms = rooms.Where(r => r.Type == type);
        }
        switch (query.Sort)
        {
            case RoomSort.LastActivity:
                if (after is { At: { } at } a1)
                {
                    rooms = rooms.Where(r => r.LastActivity < at || (r.LastActivity == at && r.Id > a1.Id));
                }
                rooms = rooms.OrderByDescending(r => r.LastActivity).ThenBy(r => r.Id);
                break;
            case RoomSort.Created:
                if (after is { At: { } created } a2)
                {
                    rooms = rooms.Where(r => r.Created < created || (r.Created == created && r.Id > a2.Id));
                }
                rooms = rooms.OrderByDescending(r => r.Created).ThenBy(r => r.Id);
                break;
            default:
                if (after is { } a3)
                {
                    rooms = rooms.Where(r => r.Id > a3.Id);
                }
                rooms = rooms.OrderBy(r => r.Id);
                break;
        }
        return await rooms.Take(limit).ToListAsync();
    }

    public async Task<IReadOnlyList<Room>> ListForTeamAsync(Guid teamId, Guid? afterId, int limit) =>
        await Db.Rooms.Where(r => r.TeamId == teamId && !r.IsArchived && (afterId == null || r.Id > afterId.Value))
            .OrderBy(r => r.Id).Take(limit).ToListAsync();

    public async Task<IReadOnlyList<Room>> ListPublicAsync(Guid orgId, DateTime? from, DateTime? to, RoomKey? after, int limit)
    {
        var rooms = Db.Rooms.Where(r => r.OwnerOrgId == orgId && r.IsPublic && !r.IsArchived);
        if (from is { } f)
        {
            rooms = rooms.Where(r => r.MadePublic >= f);
        }
        if (to is { } t)
        {
            rooms = rooms.Where(r => r.MadePublic < t);
        }
        if (after is { At: { } at } a)
        {
            rooms = rooms.Where(r => r.MadePublic < at || (r.MadePublic == at && r.Id > a.Id));
        }
        return await rooms.OrderByDescending(r => r.MadePublic).ThenBy(r => r.Id).Take(limit).ToListAsync();
    }

    public async Task SetLastActivityAsync(Guid roomId, DateTime at)
    {
        var command = await context.CommandAsync(UpdateLastActivity);
        command.Set(0, SqlValues.Millis(at));
        command.Set(1, roomId);
        await command.ExecuteNonQueryAsync();
    }

    public void Add(Room room) => Db.Rooms.Add(room);

    public async Task DeleteWithContentsAsync(Guid roomId)
    {
        var fileKeys = await Db.Messages.Where(m => m.RoomId == roomId && m.FileKey != null).Select(m => m.FileKey!).ToListAsync();
        Db.DeletedFiles.AddRange(fileKeys.Select(key => new DeletedFile { Key = key }));
        await Db.MessageMentions.Where(m => m.RoomId == roomId).ExecuteDeleteAsync();
        await Db.AttachmentActions.Where(a => a.RoomId == roomId).ExecuteDeleteAsync();
        await Db.Messages.Where(m => m.RoomId == roomId).ExecuteDeleteAsync();
        await Db.Memberships.Where(m => m.RoomId == roomId).ExecuteDeleteAsync();
        await Db.RoomTabs.Where(t => t.RoomId == roomId).ExecuteDeleteAsync();
        await Db.Rooms.Where(r => r.Id == roomId).ExecuteDeleteAsync();
    }
}

internal sealed class RoomTabStore(ParleyDbContext db) : IRoomTabStore
{
    public Task<RoomTab?> GetAsync(Guid id) => db.RoomTabs.FirstOrDefaultAsync(t => t.Id == id);

    public async Task<IReadOnlyList<RoomTab>> ListAsync(Guid roomId, (DateTime Created, Guid Id)? after, int limit)
    {
        var tabs = db.RoomTabs.Where(t => t.RoomId == roomId);
        if (after is { } key)
        {
            tabs = tabs.Where(t => t.Created > key.Created || (t.Created == key.Created && t.Id > key.Id));
        }
        return await tabs.OrderBy(t => t.Created).ThenBy(t => t.Id).Take(limit).ToListAsync();
    }

    public void Add(RoomTab tab) => db.RoomTabs.Add(tab);

    public void Remove(RoomTab tab) => db.RoomTabs.Remove(tab);
}

internal sealed class TeamStore(ParleyDbContext db) : ITeamStore
{
    public Task<Team?> GetAsync(Guid id) => db.Teams.FirstOrDefaultAsync(t => t.Id == id);

    public async Task<IReadOnlyList<Team>> ListForMemberAsync(Guid personId, (DateTime Created, Guid Id)? after, int limit)
    {
        var teams = db.TeamMemberships.Where(m => m.PersonId == personId)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => t);
        if (after is { } key)
        {
            teams = teams.Where(t => t.Created < key.Created || (t.Created == key.Created && t.Id > key.Id));
        }
        return await teams.OrderByDescending(t => t.Created).ThenBy(t => t.Id).Take(limit).ToListAsync();
    }

    public void Add(Team team) => db.Teams.Add(team);

    public void Remove(Team team) => db.Teams.Remove(team);

    public async Task ArchiveRoomsAsync(Guid teamId, Guid exceptRoomId)
    {
        var rooms = db.Rooms.Where(r => r.TeamId == teamId && r.Id != exceptRoomId);
        await db.Memberships.Where(m => rooms.Any(r => r.Id == m.RoomId)).ExecuteDeleteAsync();
        await rooms.ExecuteUpdateAsync(s => s.SetProperty(r => r.IsArchived, true));
    }
}
