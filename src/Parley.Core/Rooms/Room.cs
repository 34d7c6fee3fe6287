namespace Parley.Core;

public enum RoomType
{
    Direct,
    Group,
}

public sealed class Room
{
    public Guid Id { get; set; }

    /// <summary>Stored title of a group room; unused for direct rooms, whose title is computed per viewer.</summary>
    public required string Title { get; set; }

    public RoomType Type { get; set; }

    public bool IsLocked { get; set; }

    public Guid? TeamId { get; set; }

    public DateTime LastActivity { get; set; }

    public Guid CreatorId { get; set; }

    public DateTime Created { get; set; }

    public Guid OwnerOrgId { get; set; }

    public Guid? ClassificationId { get; set; }

    public bool IsAnnouncementOnly { get; set; }

    public bool IsReadOnly { get; set; }

    public bool IsPublic { get; set; }

    public DateTime? MadePublic { get; set; }

    public string? Description { get; set; }

    /// <summary>An archived team room is invisible everywhere.</summary>
    public bool IsArchived { get; set; }

    /// <summary>For direct rooms, the two member IDs in a canonical order; unique, so there is one room per pair.</summary>
    public string? DirectPairKey { get; set; }

    public static string PairKey(Guid a, Guid b) => a.CompareTo(b) < 0 ? $"{a:N}{b:N}" : $"{b:N}{a:N}";
}

public enum RoomSort
{
    Id,
    LastActivity,
    Created,
}

/// <summary>Sort position of a room within a listing: the sort value plus the ID as tie-breaker.</summary>
public sealed record RoomKey(DateTime? At, Guid Id);

public sealed record RoomQuery(Guid PersonId, RoomType? Type, RoomSort Sort);

public sealed class RoomTab
{
    public Guid Id { get; set; }

    public Guid RoomId { get; set; }

    public required string DisplayName { get; set; }

    public required string ContentUrl { get; set; }

    public Guid CreatorId { get; set; }

    public DateTime Created { get; set; }
}

public interface IRoomStore
{
    Task<Room?> GetAsync(Guid id);

    Task<IReadOnlyList<Room>> GetManyAsync(IReadOnlyCollection<Guid> ids);

    Task<Room?> GetDirectAsync(string pairKey);

    /// <summary>Rooms the person is a member of, sorted as asked, after the given key.</summary>
    Task<IReadOnlyList<Room>> ListForMemberAsync(RoomQuery query, RoomKey? after, int limit);

    /// <summary>Non-archived rooms of a team, by ID.</summary>
    Task<IReadOnlyList<Room>> ListForTeamAsync(Guid teamId, Guid? afterId, int limit);

    /// <summary>Public rooms of an organization, most recently made public first.</summary>
    Task<IReadOnlyList<Room>> ListPublicAsync(Guid orgId, DateTime? from, DateTime? to, RoomKey? after, int limit);

    /// <summary>Sets <c>lastActivity</c> without loading the room.</summary>
    Task SetLastActivityAsync(Guid roomId, DateTime at);

    void Add(Room room);

    /// <summary>Deletes the room and everything in it: memberships, messages, mentions, card submissions and tabs; queues its files for the sweeper.</summary>
    Task DeleteWithContentsAsync(Guid roomId);
}

public interface IRoomTabStore
{
    Task<RoomTab?> GetAsync(Guid id);

    Task<IReadOnlyList<RoomTab>> ListAsync(Guid roomId, (DateTime Created, Guid Id)? after, int limit);

    void Add(RoomTab tab);

    void Remove(RoomTab tab);
}
