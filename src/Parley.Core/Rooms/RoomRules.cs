using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Room rules shared by rooms, memberships and teams: wire mapping, leaving and General-room detection.</summary>
public static class RoomRules
{
    public const int MaxTitleLength = 256;

    public static async Task<Wire.Room> ToWireAsync(IStoreSession s, Room room, Guid viewerId) => new()
    {
        Id = Ids.Room(room.Id),
        Title = await RoomAccess.TitleForAsync(s, room, viewerId),
        Type = TypeName(room.Type),
        IsLocked = room.IsLocked,
        TeamId = room.TeamId is { } teamId ? Ids.Team(teamId) : null,
        LastActivity = room.LastActivity,
        CreatorId = Ids.Person(room.CreatorId),
        Created = room.Created,
        OwnerId = Ids.Org(room.OwnerOrgId),
        ClassificationId = room.ClassificationId is { } c ? Wire.WebexId.Encode("CLASSIFICATION", c) : null,
        IsAnnouncementOnly = room.IsAnnouncementOnly,
        IsReadOnly = room.IsReadOnly,
        IsPublic = room.IsPublic,
        MadePublic = room.IsPublic ? room.MadePublic : null,
        Description = room.Description,
    };

    /// <summary>
    /// <c>memberships:deleted</c> for every member of a room that is deleted or archived; each stays eligible for
    /// all of them, since every member could see the room just before (50 §5).
    /// </summary>
    public static async Task AnnounceRemovalOfAllAsync(IStoreSession s, Room room, Guid actorId, DateTime now)
    {
        var members = await s.Memberships.ListAllByRoomAsync(room.Id);
        var everyone = members.Select(m => m.PersonId).ToList();
        foreach (var membership in members)
        {
            await Outbox.MembershipAsync(s, actorId, now, WebhookResources.Deleted, membership, room, everyone);
        }
    }

    public static string TypeName(RoomType type) => type == RoomType.Direct ? "direct" : "group";

    /// <summary>The team whose General room this is, or null.</summary>
    public static async Task<Team?> GeneralRoomTeamAsync(IStoreSession s, Room room)
    {
        if (room.TeamId is not { } teamId)
        {
            return null;
        }
        var team = await s.Teams.GetAsync(teamId);
        return team?.GeneralRoomId == room.Id ? team : null;
    }

    /// <summary>
    /// Ends a membership. The last member leaving deletes a room that is not a team room (team rooms stay for the
    /// team to rejoin); the last moderator leaving unlocks the room (except a team's General room) so it remains manageable.
    /// </summary>
    public static async Task LeaveAsync(IStoreSession s, Room room, Membership membership, DateTime now, Guid actorId)
    {
        var members = await s.Memberships.ListAllByRoomAsync(room.Id);
        var others = members.Where(m => m.PersonId != membership.PersonId).ToList();
        await Outbox.MembershipAsync(s, actorId, now, WebhookResources.Deleted, membership, room);
        if (others.Count == 0 && room.TeamId is null)
        {
            // Deletes the membership too; removing it through the change tracker as well would fail at save.
            await s.Rooms.DeleteWithContentsAsync(room.Id);
            return;
        }
        s.Memberships.Remove(membership);
        if (membership.IsModerator && room.IsLocked && !others.Any(m => m.IsModerator) && await GeneralRoomTeamAsync(s, room) is null)
        {
            room.IsLocked = false;
            room.IsAnnouncementOnly = false;
        }
        room.LastActivity = now > room.LastActivity ? now : room.LastActivity;
    }
}
