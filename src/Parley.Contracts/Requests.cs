using System.Text.Json;

namespace Parley.Contracts;

// Request bodies. Every field is optional on the type so that the server can report
// a missing required field with a Webex error rather than a deserialization failure,
// and so that whole objects PUT back by clients (with read-only fields) bind cleanly.

public sealed record CreatePersonRequest
{
    public IReadOnlyList<string>? Emails { get; init; }
    public IReadOnlyList<PhoneNumber>? PhoneNumbers { get; init; }
    public string? Extension { get; init; }
    public string? LocationId { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? NickName { get; init; }
    public string? Avatar { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    public string? Department { get; init; }
    public string? Manager { get; init; }
    public string? ManagerId { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<Address>? Addresses { get; init; }
    public IReadOnlyList<string>? SiteUrls { get; init; }
    public string? Timezone { get; init; }
    public bool? LoginEnabled { get; init; }
}

public sealed record CreateRoomRequest
{
    public string? Title { get; init; }
    public string? TeamId { get; init; }
    public string? ClassificationId { get; init; }
    public bool? IsLocked { get; init; }
    public bool? IsPublic { get; init; }
    public string? Description { get; init; }
    public bool? IsAnnouncementOnly { get; init; }
    public string? Type { get; init; }
}

public sealed record UpdateRoomRequest
{
    public string? Title { get; init; }
    public string? TeamId { get; init; }
    public string? ClassificationId { get; init; }
    public bool? IsLocked { get; init; }
    public bool? IsPublic { get; init; }
    public string? Description { get; init; }
    public bool? IsAnnouncementOnly { get; init; }
    public bool? IsReadOnly { get; init; }
}

public sealed record RoomTabRequest
{
    public string? RoomId { get; init; }
    public string? ContentUrl { get; init; }
    public string? DisplayName { get; init; }
}

public sealed record TeamRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
}

public sealed record CreateMembershipRequest
{
    public string? RoomId { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public bool? IsModerator { get; init; }
}

public sealed record UpdateMembershipRequest
{
    public bool? IsModerator { get; init; }
    public bool? IsRoomHidden { get; init; }
}

public sealed record CreateTeamMembershipRequest
{
    public string? TeamId { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public bool? IsModerator { get; init; }
}

public sealed record UpdateTeamMembershipRequest
{
    public bool? IsModerator { get; init; }
}

public sealed record CreateMessageRequest
{
    public string? RoomId { get; init; }
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }
    public string? ParentId { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public string? Html { get; init; }
    public IReadOnlyList<string>? Files { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

public sealed record CreateAttachmentActionRequest
{
    public string? Type { get; init; }
    public string? MessageId { get; init; }
    public JsonElement? Inputs { get; init; }
}

public sealed record UpdateMessageRequest
{
    public string? RoomId { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public string? Html { get; init; }
}

/// <summary>Body of <c>POST</c> and <c>PUT /v1/webhooks</c>; PUT reads only name, targetUrl, secret, status and ownedBy.</summary>
public sealed record WebhookRequest
{
    public string? Name { get; init; }
    public string? TargetUrl { get; init; }
    public string? Resource { get; init; }
    public string? Event { get; init; }
    public string? Filter { get; init; }
    public string? Secret { get; init; }
    public string? Status { get; init; }
    public string? OwnedBy { get; init; }
}
