using Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// Reads IDs received from clients. A value that is not an ID at all is a 400 ("Expect base64 ID or UUID.");
/// a well-formed ID of another type, or one naming nothing visible, is reported by the caller as not found.
/// </summary>
public static class Ids
{
    public const string Malformed = "Expect base64 ID or UUID.";

    /// <summary>Decodes an ID of the expected type; null when it is well-formed but of another type.</summary>
    public static Guid? Decode(string? value, string type, string field)
    {
        if (!WebexId.TryDecodeGuid(value, type, out var id))
        {
            throw new ValidationException($"Invalid {field}: {Malformed}");
        }
        return id == Guid.Empty ? null : id;
    }

    /// <summary>Decodes a required ID that names the request's primary object; wrong type → 404.</summary>
    public static Guid Require(string? value, string type, string field, string notFoundMessage)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationException($"{field} cannot be empty.");
        }
        return Decode(value, type, field) ?? throw new NotFoundException(notFoundMessage);
    }

    /// <summary>Decodes an optional ID; absent or empty gives null, wrong type → 404.</summary>
    public static Guid? Optional(string? value, string type, string field, string notFoundMessage) =>
        string.IsNullOrWhiteSpace(value) ? null : Decode(value, type, field) ?? throw new NotFoundException(notFoundMessage);

    /// <summary>Decodes a (person, container) pair ID such as a membership.</summary>
    public static (Guid PersonId, Guid ContainerId) RequirePair(string? value, string type, string notFoundMessage)
    {
        if (!WebexId.TryDecodePair(value, type, out var person, out var container))
        {
            throw new ValidationException(Malformed);
        }
        return person == Guid.Empty ? throw new NotFoundException(notFoundMessage) : (person, container);
    }

    public static string Person(Guid id) => WebexId.Encode(WebexIdType.Person, id);

    public static string Org(Guid id) => WebexId.Encode(WebexIdType.Organization, id);

    public static string Room(Guid id) => WebexId.Encode(WebexIdType.Room, id);

    public static string Team(Guid id) => WebexId.Encode(WebexIdType.Team, id);

    public static string Message(Guid id) => WebexId.Encode(WebexIdType.Message, id);

    public static string AttachmentAction(Guid id) => WebexId.Encode(WebexIdType.AttachmentAction, id);

    /// <summary>A file of a message: <c>{messageUuid}/{index}</c>, so content IDs are stable (00 §6).</summary>
    public static string Content(Guid messageId, int index) => WebexId.Encode(WebexIdType.Content, $"{messageId:D}/{index}");

    public static string License(Guid id) => WebexId.Encode(WebexIdType.License, id);

    public static string Role(string key) => WebexId.Encode(WebexIdType.Role, key);

    public static string Membership(Guid personId, Guid roomId) => WebexId.Encode(WebexIdType.Membership, $"{personId:D}:{roomId:D}");

    public static string TeamMembership(Guid personId, Guid teamId) => WebexId.Encode(WebexIdType.TeamMembership, $"{personId:D}:{teamId:D}");
}
