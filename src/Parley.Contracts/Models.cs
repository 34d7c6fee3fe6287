using System.Text.Json;

namespace Parley.Contracts;

// Response objects of the /v1 API. Optional fields are null and omitted on the wire;
// booleans of the schema are always present.

/// <summary>The list envelope <c>{"items": [...]}</c>.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>The people list envelope, which may name IDs that were not found.</summary>
public sealed record PeopleList(IReadOnlyList<Person> Items, IReadOnlyList<string>? NotFoundIds = null);

public sealed record ErrorDescription(string Description);

/// <summary>The Webex error body.</summary>
public sealed record ErrorBody(string Message, IReadOnlyList<ErrorDescription> Errors, string TrackingId);

public sealed record PhoneNumber(string Type, string Value, bool? Primary = null);

public sealed record Address(
    string? Type = null,
    string? Country = null,
    string? Locality = null,
    string? Region = null,
    string? StreetAddress = null,
    string? PostalCode = null);

public sealed record Person
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Emails { get; init; }
    public IReadOnlyList<PhoneNumber>? PhoneNumbers { get; init; }
    public required string DisplayName { get; init; }
    public string? NickName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Avatar { get; init; }
    public required string OrgId { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    public string? Department { get; init; }
    public string? Manager { get; init; }
    public string? ManagerId { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<Address>? Addresses { get; init; }
    public IReadOnlyList<string>? SiteUrls { get; init; }
    public required DateTime Created { get; init; }
    public DateTime? LastModified { get; init; }
    public string? Timezone { get; init; }
    public DateTime? LastActivity { get; init; }
    public string? Status { get; init; }
    public bool? InvitePending { get; init; }
    public bool? LoginEnabled { get; init; }
    public required string Type { get; init; }
}

/// <summary>The <c>minResponse=true</c> answer of a person create.</summary>
public sealed record IdOnly(string Id);

public sealed record Organization(string Id, string DisplayName, DateTime Created);

public sealed record License
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required int TotalUnits { get; init; }
    public required int ConsumedUnits { get; init; }
    public required int ConsumedByUsers { get; init; }
    public required int ConsumedByWorkspaces { get; init; }
    public string? SubscriptionId { get; init; }
    /// <summary>Holders, only with <c>includeAssignedTo=user</c>.</summary>
    public IReadOnlyList<LicenseUser>? Users { get; init; }
}

/// <summary>A license holder; <c>type</c> is <c>INTERNAL</c> or <c>EXTERNAL</c> to the license's organization.</summary>
public sealed record LicenseUser(string Id, string Type, string DisplayName, string Email);

public sealed record Role(string Id, string Name);

public sealed record Room
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Type { get; init; }
    public required bool IsLocked { get; init; }
    public string? TeamId { get; init; }
    public required DateTime LastActivity { get; init; }
    public required string CreatorId { get; init; }
    public required DateTime Created { get; init; }
    public required string OwnerId { get; init; }
    public string? ClassificationId { get; init; }
    public required bool IsAnnouncementOnly { get; init; }
    public required bool IsReadOnly { get; init; }
    public required bool IsPublic { get; init; }
    public DateTime? MadePublic { get; init; }
    public string? Description { get; init; }
}

public sealed record RoomTab(
    string Id,
    string RoomId,
    string RoomType,
    string DisplayName,
    string ContentUrl,
    string CreatorId,
    DateTime Created);

public sealed record Team
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string CreatorId { get; init; }
    public required DateTime Created { get; init; }
}

public sealed record Membership
{
    public required string Id { get; init; }
    public required string RoomId { get; init; }
    public required string PersonId { get; init; }
    public required string PersonEmail { get; init; }
    public required string PersonDisplayName { get; init; }
    public required string PersonOrgId { get; init; }
    public required bool IsModerator { get; init; }
    public required bool IsMonitor { get; init; }
    public bool? IsRoomHidden { get; init; }
    public required string RoomType { get; init; }
    public required DateTime Created { get; init; }
}

public sealed record TeamMembership
{
    public required string Id { get; init; }
    public required string TeamId { get; init; }
    public required string PersonId { get; init; }
    public required string PersonEmail { get; init; }
    public required string PersonDisplayName { get; init; }
    public required string PersonOrgId { get; init; }
    public required bool IsModerator { get; init; }
    public required DateTime Created { get; init; }
}

/// <summary>A card attachment: content type and the card JSON exactly as posted.</summary>
public sealed record Attachment(string ContentType, JsonElement Content);

public sealed record Message
{
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public required string RoomId { get; init; }
    public required string RoomType { get; init; }
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public string? Html { get; init; }
    public IReadOnlyList<string>? Files { get; init; }
    public required string PersonId { get; init; }
    public required string PersonEmail { get; init; }
    public IReadOnlyList<string>? MentionedPeople { get; init; }
    public IReadOnlyList<string>? MentionedGroups { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public required DateTime Created { get; init; }
    public DateTime? Updated { get; init; }
    public bool? IsVoiceClip { get; init; }
}

/// <summary>A card submission (40 §9).</summary>
public sealed record AttachmentAction
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string MessageId { get; init; }
    /// <summary>The card's input values; never in webhook data (receivers fetch the action).</summary>
    public required JsonElement Inputs { get; init; }
    public required string PersonId { get; init; }
    public required string RoomId { get; init; }
    public required DateTime Created { get; init; }
}

public sealed record AdminAuditEventData
{
    public string? ActorOrgName { get; init; }
    public string? TargetName { get; init; }
    public string? EventDescription { get; init; }
    public string? ActorName { get; init; }
    public string? ActorEmail { get; init; }
    public IReadOnlyList<string>? AdminRoles { get; init; }
    public string? TrackingId { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? EventCategory { get; init; }
    public string? ActorUserAgent { get; init; }
    public string? ActorIp { get; init; }
    public string? TargetOrgId { get; init; }
    public string? ActionText { get; init; }
    public string? TargetOrgName { get; init; }
}

public sealed record AdminAuditEvent(
    string Id,
    string ActorId,
    string ActorOrgId,
    string OrgId,
    DateTime Created,
    AdminAuditEventData Data);

public sealed record AdminAuditEventCategories(IReadOnlyList<string> EventCategories);

public sealed record Webhook
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TargetUrl { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public string? Filter { get; init; }
    public string? Secret { get; init; }
    public required string Status { get; init; }
    public required DateTime Created { get; init; }
    public required string OrgId { get; init; }
    public required string CreatedBy { get; init; }
    public required string AppId { get; init; }
    public required string OwnedBy { get; init; }
}

/// <summary>
/// The body POSTed to a webhook's target. Property order is the wire order; <c>data</c> is already
/// serialized wire JSON of the event's object.
/// </summary>
public sealed record WebhookEnvelope
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TargetUrl { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public string? Filter { get; init; }
    public required string OrgId { get; init; }
    public required string CreatedBy { get; init; }
    public required string AppId { get; init; }
    public required string OwnedBy { get; init; }
    public required string Status { get; init; }
    public required DateTime Created { get; init; }
    public required string ActorId { get; init; }
    public required JsonElement Data { get; init; }
}

/// <summary>A compliance event (<c>GET /v1/events</c>).</summary>
public sealed record Event
{
    public required string Id { get; init; }
    public required string Resource { get; init; }
    public required string Type { get; init; }
    public string? AppId { get; init; }
    public required string ActorId { get; init; }
    public required string OrgId { get; init; }
    public required DateTime Created { get; init; }
    public required JsonElement Data { get; init; }
}

/// <summary>One delivery of one event to a webhook, with its attempts (Parley extension).</summary>
public sealed record WebhookDelivery
{
    public required string Id { get; init; }
    public required string WebhookId { get; init; }
    public required string EventId { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public required string Status { get; init; }
    public required DateTime Created { get; init; }
    public DateTime? NextAttempt { get; init; }
    public DateTime? Completed { get; init; }
    public required IReadOnlyList<DeliveryAttempt> Attempts { get; init; }
}

public sealed record DeliveryAttempt(int Number, DateTime Started, int DurationMs, int? StatusCode, string? Error);

/// <summary>
/// A frame of the event stream (<c>GET /v1/stream</c>, WebSocket): <c>event</c> frames carry a webhook envelope,
/// <c>heartbeat</c> frames none; every frame carries the cursor to resume after it.
/// </summary>
public sealed record StreamFrame(string Type, string Cursor, WebhookEnvelope? Envelope = null);
