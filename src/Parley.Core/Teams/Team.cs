namespace Parley.Core;

public sealed class Team
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public Guid CreatorId { get; set; }

    public DateTime Created { get; set; }

    public Guid GeneralRoomId { get; set; }
}

public interface ITeamStore
{
    Task<Team?> GetAsync(Guid id);

    /// <summary>Teams the person belongs to, newest first.</summary>
    Task<IReadOnlyList<Team>> ListForMemberAsync(Guid personId, (DateTime Created, Guid Id)? after, int limit);

    void Add(Team team);

    void Remove(Team team);

    /// <summary>Marks every room of the team except the General room archived and ends their memberships.</summary>
    Task ArchiveRoomsAsync(Guid teamId, Guid exceptRoomId);
}
