using System.Buffers.Text;
using System.Text;

namespace Parley.Contracts;

/// <summary>Type tokens used inside Webex IDs (<c>ciscospark://us/{TYPE}/{localId}</c>).</summary>
public static class WebexIdType
{
    public const string Person = "PEOPLE";
    public const string Organization = "ORGANIZATION";
    public const string Room = "ROOM";
    public const string Message = "MESSAGE";
    public const string Membership = "MEMBERSHIP";
    public const string Team = "TEAM";
    public const string TeamMembership = "TEAM_MEMBERSHIP";
    public const string Webhook = "WEBHOOK";
    public const string AttachmentAction = "ATTACHMENT_ACTION";
    public const string Content = "CONTENT";
    public const string Event = "EVENT";
    public const string License = "LICENSE";
    public const string Role = "ROLE";
    public const string Application = "APPLICATION";
    public const string Authorization = "AUTHORIZATION";
    public const string RoomTab = "ROOM_TAB";
    public const string AdminAuditEvent = "ADMIN_AUDIT_EVENT";
}

/// <summary>
/// Encodes and decodes public IDs: unpadded base64url of <c>ciscospark://us/{TYPE}/{localId}</c>.
/// Input may also be padded or standard base64, or the bare local ID.
/// </summary>
public static class WebexId
{
    private const string Scheme = "ciscospark://";
    private const string Prefix = Scheme + "us/";

    /// <summary>IDs are built for every item of every response and decoded from every request: their forms live on the stack.</summary>
    private const int StackBytes = 128;

    public static string Encode(string type, string localId)
    {
        var length = Prefix.Length + type.Length + 1 + localId.Length;
        Span<byte> ascii = length <= StackBytes ? stackalloc byte[StackBytes] : new byte[length];
        var written = WritePrefix(ascii, type);
        written += Encoding.ASCII.GetBytes(localId, ascii[written..]);
        return Base64Url.EncodeToString(ascii[..written]);
    }

    public static string Encode(string type, Guid localId)
    {
        Span<byte> ascii = stackalloc byte[StackBytes];
        var written = WritePrefix(ascii, type);
        localId.TryFormat(ascii[written..], out var guidLength, "D");
        return Base64Url.EncodeToString(ascii[..(written + guidLength)]);
    }

    /// <summary>Writes <c>ciscospark://us/{type}/</c>; the number of bytes written.</summary>
    private static int WritePrefix(Span<byte> ascii, string type)
    {
        var written = Encoding.ASCII.GetBytes(Prefix, ascii);
        written += Encoding.ASCII.GetBytes(type, ascii[written..]);
        ascii[written] = (byte)'/';
        return written + 1;
    }

    /// <summary>Decodes any accepted form into (type, localId); type is null for a bare local ID.</summary>
    public static bool TryDecode(string? value, out string? type, out string localId)
    {
        type = null;
        localId = "";
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return false;
        }
        // A bare UUID, or a bare membership-style local ID ("{personUuid}:{roomUuid}"); ':' never occurs in base64.
        if (Guid.TryParseExact(trimmed, "D", out _) || IsUuidPair(trimmed))
        {
            localId = trimmed.ToString().ToLowerInvariant();
            return true;
        }
        // IDs arrive in every request, so they are decoded on the stack: base64url, or padded or standard base64.
        // Kestrel never decodes %2F in a path, so a standard-base64 '/' in a path ID arrives still escaped; '%' is not base64.
        Span<char> base64 = trimmed.Length <= StackBytes * 2 ? stackalloc char[StackBytes * 2] : new char[trimmed.Length];
        var length = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '%' && trimmed[(i + 1)..].StartsWith("2F", StringComparison.OrdinalIgnoreCase))
            {
                c = '/';
                i += 2;
            }
            base64[length++] = c switch { '+' => '-', '/' => '_', _ => c };
        }
        var chars = base64[..length].TrimEnd('=');
        // Decoding throws on what is not base64 at all.
        if (!Base64Url.IsValid(chars, out var decodedLength))
        {
            return false;
        }
        Span<byte> bytes = decodedLength <= StackBytes * 2 ? stackalloc byte[StackBytes * 2] : new byte[decodedLength];
        if (!Base64Url.TryDecodeFromChars(chars, bytes, out var written) || !bytes[..written].StartsWith("ciscospark://"u8))
        {
            return false;
        }
        // "{region}/{TYPE}/{localId}": the local ID may itself contain '/'.
        var path = bytes[Scheme.Length..written];
        var region = path.IndexOf((byte)'/');
        var typeAndId = path[(region + 1)..];
        var slash = typeAndId.IndexOf((byte)'/');
        if (region < 0 || slash <= 0 || slash == typeAndId.Length - 1)
        {
            return false;
        }
        type = Encoding.ASCII.GetString(typeAndId[..slash]);
        localId = Encoding.ASCII.GetString(typeAndId[(slash + 1)..]);
        return true;
    }

    private static bool IsUuidPair(ReadOnlySpan<char> value)
    {
        var colon = value.IndexOf(':');
        return colon >= 0
            && Guid.TryParseExact(value[..colon], "D", out _)
            && Guid.TryParseExact(value[(colon + 1)..], "D", out _);
    }

    /// <summary>Decodes a UUID-based ID of the expected type. Returns false when the value is not an ID at all.</summary>
    /// <param name="value">The ID as received.</param>
    /// <param name="expectedType">The type the parameter expects.</param>
    /// <param name="id">The UUID, or <see cref="Guid.Empty"/> when the ID is well-formed but of another type.</param>
    public static bool TryDecodeGuid(string? value, string expectedType, out Guid id)
    {
        id = Guid.Empty;
        if (!TryDecode(value, out var type, out var localId))
        {
            return false;
        }
        if (type is not null && type != expectedType)
        {
            return true;
        }
        if (!Guid.TryParse(localId, out id))
        {
            return type is not null;
        }
        return true;
    }

    /// <summary>Decodes a composite ID such as a membership (<c>{personUuid}:{roomUuid}</c>).</summary>
    public static bool TryDecodePair(string? value, string expectedType, out Guid first, out Guid second)
    {
        first = second = Guid.Empty;
        if (!TryDecode(value, out var type, out var localId))
        {
            return false;
        }
        if (type is not null && type != expectedType)
        {
            return true;
        }
        var parts = localId.Split(':');
        if (parts.Length == 2 && Guid.TryParse(parts[0], out var a) && Guid.TryParse(parts[1], out var b))
        {
            first = a;
            second = b;
            return true;
        }
        // A single bare UUID is syntactically an ID, just not one that names a pair.
        return type is not null || Guid.TryParse(localId, out _);
    }
}
