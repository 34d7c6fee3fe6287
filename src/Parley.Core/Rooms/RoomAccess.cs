namespace Parley.Core;

/// <summary>
/// The one way to load a room for a caller. A room the caller may not see and a room that does not exist
/// give the same 404, so existence never leaks.
/// </summary>
public static class RoomAccess
{
    public const string NotFound = "Could not find a room with provided ID.";

    /// <summary>What the caller is to a room they can see.</summary>
    public sealed record View(Room Room, Membership? Membership, TeamMembership? TeamMembership)
    {
        public bool IsMember => Membership is not null;

        public bool IsModerator => Membership?.IsModerator == true;
    }

    /// <summary>
    /// A room the caller can see: member, member of its team (non-archived team rooms), public in the caller's
    /// organization, or compliance officer of the owning organization.
    /// </summary>
    public static async Task<View> GetVisibleAsync(IStoreSession s, Caller caller, Guid roomId)
    {
        var room = await s.Rooms.GetAsync(roomId);
        if (room is null || room.IsArchived)
        {
            throw new NotFoundException(NotFound);
        }
        var membership = await s.Memberships.GetAsync(caller.PersonId, roomId);
        if (membership is not null)
        {
            return new View(room, membership, null);
        }
        var teamMembership = room.TeamId is { } teamId ? await s.TeamMemberships.GetAsync(caller.PersonId, teamId) : null;
        var visible = teamMembership is not null
            || (room.IsPublic && room.OwnerOrgId == caller.OrgId)
            || (caller.IsComplianceOfficer && room.OwnerOrgId == caller.OrgId);
        return visible ? new View(room, null, teamMembership) : throw new NotFoundException(NotFound);
    }

    /// <summary>
    /// A room the caller is a member of (reading and posting messages need membership). The room and the membership
    /// are not tracked: a write that changes either loads it again from its store.
    /// </summary>
    public static async Task<View> GetAsMemberAsync(IStoreSession s, Caller caller, Guid roomId) =>
        await s.Memberships.GetWithRoomAsync(caller.PersonId, roomId) is ({ IsArchived: false } room, var membership)
            ? new View(room, membership, null)
            : throw new NotFoundException(NotFound);

    /// <summary>The title a viewer sees: group rooms their title, direct rooms the other member's name.</summary>
    public static async Task<string> TitleForAsync(IStoreSession s, Room room, Guid viewerId)
    {
        if (room.Type != RoomType.Direct)
        {
            return room.Title;
        }
        var members = await s.Memberships.ListAllByRoomAsync(room.Id);
        var otherId = members.Select(m => m.PersonId).FirstOrDefault(id => id != viewerId);
        var other = otherId == Guid.Empty ? null : await s.People.GetAsync(otherId);
        return other?.DisplayName ?? room.Title;
    }
}
