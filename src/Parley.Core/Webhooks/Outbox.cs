using System.Text;
using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// Records events (80 §8) inside the write that makes the change, so an event exists exactly when its change was
/// committed. Only storage is touched here; delivery happens later, from the outbox.
/// </summary>
public static class Outbox
{
    public static async Task RoomAsync(IStoreSession s, Guid actorId, DateTime now, string type, Room room) =>
        Add(s, WebhookResources.Rooms, type, actorId, now, room.OwnerOrgId, room.Id,
            JsonSerializer.Serialize(await RoomRules.ToWireAsync(s, room, room.CreatorId), WebexJson.Options), null);

    /// <summary>A membership event; for <c>deleted</c> the removed person (and <paramref name="formerMembers"/>) stay eligible.</summary>
    public static async Task MembershipAsync(IStoreSession s, Guid actorId, DateTime now, string type, Membership membership, Room room, IReadOnlyCollection<Guid>? formerMembers = null)
    {
        var person = await s.People.GetAsync(membership.PersonId);
        if (person is null)
        {
            return;
        }
        var former = type == WebhookResources.Deleted
            ? (formerMembers ?? []).Append(membership.PersonId).Distinct().ToList()
            : null;
        Add(s, WebhookResources.Memberships, type, actorId, now, room.OwnerOrgId, room.Id,
            JsonSerializer.Serialize(MembershipService.ToWire(membership, person, room), WebexJson.Options),
            former is null ? null : string.Join(',', former));
    }

    /// <summary>
    /// A message event, its data the message as served (never with a post's <c>toPersonId</c>/<c>toPersonEmail</c>);
    /// the stored data keeps the text for compliance, webhooks strip it when delivering.
    /// </summary>
    public static void Message(IStoreSession s, Guid actorId, DateTime now, string type, JsonFragment message, Room room) =>
        Add(s, WebhookResources.Messages, type, actorId, now, room.OwnerOrgId, room.Id, Encoding.UTF8.GetString(message.Utf8.Span), null);

    /// <summary>A card submission; the stored data keeps the inputs for compliance, webhooks strip them when delivering.</summary>
    public static void AttachmentAction(IStoreSession s, AttachmentAction action, Wire.AttachmentAction wire, Room room) =>
        Add(s, WebhookResources.AttachmentActions, WebhookResources.Created, action.PersonId, action.Created, room.OwnerOrgId, room.Id,
            JsonSerializer.Serialize(wire, WebexJson.Options), null);

    private static void Add(IStoreSession s, string resource, string type, Guid actorId, DateTime now, Guid orgId, Guid roomId, string data, string? formerMembers) =>
        s.Outbox.Add(new OutboxEvent
        {
            Id = Uuid7.New(),
            Resource = resource,
            Type = type,
            ActorId = actorId,
            AppId = BuiltInApps.DeveloperPortal,
            OrgId = orgId,
            RoomId = roomId,
            Created = now,
            DataJson = data,
            FormerMembers = formerMembers,
        });
}

/// <summary>Applications that exist without registration.</summary>
public static class BuiltInApps
{
    /// <summary>
    /// The app behind personal and bot tokens (Webex's "developer portal" app). Every token is attributed to it until
    /// OAuth integrations carry their own application.
    /// </summary>
    public static readonly Guid DeveloperPortal = new("c279cb30-c029-480b-b4bd-aebb061b7965");
}
