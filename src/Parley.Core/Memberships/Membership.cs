namespace Parley.Core;

/// <summary>A person's membership of a room; identified by the (person, room) pair.</summary>
public sealed class Membership
{
    public Guid PersonId { get; set; }

    public Guid RoomId { get; set; }

    public bool IsModerator { get; set; }

    public bool IsRoomHidden { get; set; }

    public DateTime Created { get; set; }
}

public sealed class TeamMembership
{
    public Guid PersonId { get; set; }

    public Guid TeamId { get; set; }

    public bool IsModerator { get; set; }

    public DateTime Created { get; set; }
}

/// <summary>Position in a membership listing: creation time, then the other half of the pair.</summary>
public sealed record MembershipKey(DateTime Created, Guid Id);

public interface IMembershipStore
{
    Task<Membership?> GetAsync(Guid personId, Guid roomId);

    /// <summary>
    /// The person's membership of a room and the room, read together for an access check. Neither is tracked: a write
    /// that changes them loads them with <see cref="GetAsync"/> and <see cref="IRoomStore.GetAsync"/>.
    /// </summary>
    Task<(Room Room, Membership Membership)?> GetWithRoomAsync(Guid personId, Guid roomId);

    /// <summary>Members of a room, oldest first; optionally one person or moderators only.</summary>
    Task<IReadOnlyList<Membership>> ListByRoomAsync(Guid roomId, Guid? personId, bool moderatorsOnly, MembershipKey? after, int limit);

    /// <summary>A person's own memberships, newest first.</summary>
    Task<IReadOnlyList<Membership>> ListByPersonAsync(Guid personId, MembershipKey? after, int limit);

    Task<IReadOnlyList<Membership>> ListAllByRoomAsync(Guid roomId);

    Task<IReadOnlyList<Membership>> ListAllByPersonAsync(Guid personId);

    Task<int> CountModeratorsAsync(Guid roomId);

    Task<bool> AnyAsync(Guid roomId);

    void Add(Membership membership);

    void Remove(Membership membership);

    /// <summary>Clears <c>isRoomHidden</c> for every member (a new message un-hides a direct room).</summary>
    Task UnhideAllAsync(Guid roomId);

    /// <summary>Clears the moderator flag of every member (unlocking a room).</summary>
    Task ClearModeratorsAsync(Guid roomId);
}

public interface ITeamMembershipStore
{
    Task<TeamMembership?> GetAsync(Guid personId, Guid teamId);

    Task<IReadOnlyList<TeamMembership>> ListByTeamAsync(Guid teamId, MembershipKey? after, int limit);

    Task<IReadOnlyList<TeamMembership>> ListAllByTeamAsync(Guid teamId);

    Task<IReadOnlyList<TeamMembership>> ListAllByPersonAsync(Guid personId);

    Task<int> CountModeratorsAsync(Guid teamId);

    void Add(TeamMembership membership);

    void Remove(TeamMembership membership);
}
