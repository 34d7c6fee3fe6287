using Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// Who may read a message (80 §2–3): members of its room, compliance officers of the room's organization, and bots
/// in group rooms only for what mentions them or what they wrote. Messages, their files and their card submissions
/// are all checked here.
/// </summary>
public static class MessageAccess
{
    public const string NotFound = "Could not find a message with provided ID.";

    /// <summary>A message the caller may read, with the caller's view of its room; otherwise 404.</summary>
    public static async Task<(Message Message, RoomAccess.View View)> GetReadableAsync(IStoreSession s, Caller caller, Guid id)
    {
        var message = await s.Messages.GetAsync(id) ?? throw new NotFoundException(NotFound);
        RoomAccess.View view;
        try
        {
            view = await GetReadableRoomAsync(s, caller, message.RoomId);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(NotFound);
        }
        if (caller.IsBot && view.Room.Type == RoomType.Group && message.PersonId != caller.PersonId
            && !message.MentionedPeopleIds().Contains(caller.PersonId))
        {
            throw new NotFoundException(NotFound);
        }
        return (message, view);
    }

    /// <summary>A room whose messages the caller may read: a member, or a compliance officer of the owning org.</summary>
    public static async Task<RoomAccess.View> GetReadableRoomAsync(IStoreSession s, Caller caller, Guid roomId)
    {
        if (caller.IsComplianceOfficer)
        {
            var room = await s.Rooms.GetAsync(roomId);
            if (room is { IsArchived: false } && IsOrgComplianceOfficer(caller, room))
            {
                return new RoomAccess.View(room, await s.Memberships.GetAsync(caller.PersonId, roomId), null);
            }
        }
        return await RoomAccess.GetAsMemberAsync(s, caller, roomId);
    }

    public static bool IsOrgComplianceOfficer(Caller caller, Room room) =>
        caller.IsComplianceOfficer && room.OwnerOrgId == caller.OrgId;
}
