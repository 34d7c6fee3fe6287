using System.Text.Json;
using Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// A webhook filter (50 §4): <c>key=value</c> pairs joined by <c>&amp;</c>, values URL-decoded once, all pairs must
/// match. Parsed from the stored string whenever it is needed, so the echo is always exactly what was submitted.
/// </summary>
public sealed class WebhookFilter
{
    private static readonly string[] _messageKeys = ["roomId", "roomType", "personId", "personEmail", "mentionedPeople", "hasFiles"];
    private static readonly string[] _membershipKeys = ["roomId", "personId", "personEmail", "isModerator"];
    private static readonly string[] _roomKeys = ["type", "isLocked"];
    private static readonly string[] _attachmentActionKeys = ["messageId", "personId", "roomId"];

    private static readonly string[] _idKeys = ["roomId", "personId", "messageId", "orgId"];

    private readonly Dictionary<string, string> _pairs;

    private WebhookFilter(Dictionary<string, string> pairs) => _pairs = pairs;

    public IReadOnlyDictionary<string, string> Pairs => _pairs;

    /// <summary>The keys a resource defines; null for resources that are stored but never fired (any key accepted).</summary>
    public static IReadOnlyList<string>? KeysOf(string resource) => resource switch
    {
        WebhookResources.Messages => _messageKeys,
        WebhookResources.Memberships => _membershipKeys,
        WebhookResources.Rooms => _roomKeys,
        WebhookResources.AttachmentActions => _attachmentActionKeys,
        WebhookResources.All => [.. _messageKeys.Union(_membershipKeys).Union(_roomKeys)],
        _ => null,
    };

    /// <summary>Parses and validates a filter for a resource; syntax errors and unknown keys are 400s.</summary>
    public static WebhookFilter Parse(string? filter, string resource, bool orgOwned)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(filter))
        {
            return new WebhookFilter(pairs);
        }
        var allowed = KeysOf(resource);
        foreach (var part in filter.Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ValidationException($"Invalid filter: '{part}' is not key=value.");
            }
            var key = part[..eq];
            var value = Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            var known = allowed is null || allowed.Contains(key) || (orgOwned && key == "orgId");
            if (!known)
            {
                throw new ValidationException($"Unsupported filter key for {resource}: {key}");
            }
            if (!pairs.TryAdd(key, value))
            {
                throw new ValidationException($"Filter key {key} appears more than once.");
            }
            if (allowed is not null)
            {
                ValidateValue(key, value);
            }
        }
        return new WebhookFilter(pairs);
    }

    private static void ValidateValue(string key, string value)
    {
        var valid = key switch
        {
            "roomId" => WebexId.TryDecodeGuid(value, WebexIdType.Room, out _),
            "personId" => WebexId.TryDecodeGuid(value, WebexIdType.Person, out _),
            "messageId" => WebexId.TryDecodeGuid(value, WebexIdType.Message, out _),
            "orgId" => WebexId.TryDecodeGuid(value, WebexIdType.Organization, out _),
            "roomType" or "type" => value is "direct" or "group",
            "hasFiles" or "isModerator" or "isLocked" => value is "true" or "false",
            "mentionedPeople" => value.Split(',').All(p => p == "me" || WebexId.TryDecodeGuid(p, WebexIdType.Person, out _)),
            _ => value.Length > 0,
        };
        if (!valid)
        {
            throw new ValidationException($"invalid value for filter: {key}");
        }
    }

    /// <summary>The decoded ID of an ID key, if present.</summary>
    public Guid? IdOf(string key)
    {
        var type = key switch
        {
            "roomId" => WebexIdType.Room,
            "personId" => WebexIdType.Person,
            "messageId" => WebexIdType.Message,
            _ => WebexIdType.Organization,
        };
        return _pairs.TryGetValue(key, out var v) && WebexId.TryDecodeGuid(v, type, out var id) ? id : null;
    }

    /// <summary>
    /// Whether an event's data satisfies every pair. A key the event's resource does not define fails the match
    /// (firehose rule, 50 §4.2). <paramref name="ownerId"/> resolves <c>mentionedPeople=me</c>.
    /// </summary>
    public bool Matches(string resource, JsonElement data, Guid ownerId, Guid eventOrgId)
    {
        var defined = KeysOf(resource) ?? [];
        foreach (var (key, value) in _pairs)
        {
            if (key == "orgId")
            {
                if (IdOf("orgId") != eventOrgId)
                {
                    return false;
                }
                continue;
            }
            if (!defined.Contains(key) || !MatchesKey(key, value, data, ownerId))
            {
                return false;
            }
        }
        return true;
    }

    private static bool MatchesKey(string key, string value, JsonElement data, Guid ownerId)
    {
        switch (key)
        {
            case "roomId":
                return SameId(data, "roomId", value, WebexIdType.Room);
            case "personId":
                return SameId(data, "personId", value, WebexIdType.Person);
            case "messageId":
                return SameId(data, "messageId", value, WebexIdType.Message);
            case "roomType":
                return String(data, "roomType") == value;
            case "type":
                return String(data, "type") == value;
            case "personEmail":
                return string.Equals(String(data, "personEmail"), value, StringComparison.OrdinalIgnoreCase);
            case "isModerator":
            case "isLocked":
                return data.TryGetProperty(key, out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False
                    && b.GetBoolean() == (value == "true");
            case "hasFiles":
                var hasFiles = data.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array && files.GetArrayLength() > 0;
                return hasFiles == (value == "true");
            case "mentionedPeople":
                if (!data.TryGetProperty("mentionedPeople", out var mentioned) || mentioned.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }
                var wanted = value.Split(',')
                    .Select(p => p == "me" ? ownerId : WebexId.TryDecodeGuid(p, WebexIdType.Person, out var id) ? id : Guid.Empty)
                    .ToHashSet();
                return mentioned.EnumerateArray().Any(m => WebexId.TryDecodeGuid(m.GetString(), WebexIdType.Person, out var id) && wanted.Contains(id));
            default:
                return false;
        }
    }

    private static string? String(JsonElement data, string property) =>
        data.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool SameId(JsonElement data, string property, string value, string type) =>
        WebexId.TryDecodeGuid(String(data, property), type, out var actual)
        && WebexId.TryDecodeGuid(value, type, out var expected)
        && actual == expected;
}

/// <summary>The resource and event strings of webhooks (50 §3).</summary>
public static class WebhookResources
{
    public const string Messages = "messages";
    public const string Memberships = "memberships";
    public const string Rooms = "rooms";
    public const string AttachmentActions = "attachmentActions";
    public const string All = "all";

    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";

    /// <summary>Resources this server fires, with their events.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Fired = new Dictionary<string, string[]>
    {
        [Messages] = [Created, Updated, Deleted, All],
        [Memberships] = [Created, Updated, Deleted, All],
        [Rooms] = [Created, Updated, All],
        [AttachmentActions] = [Created, All],
        [All] = [Created, Updated, Deleted, All],
    };

    /// <summary>Meeting-family resources: accepted and stored so existing apps register, never fired (50 §3).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StoredOnly = new Dictionary<string, string[]>
    {
        ["meetings"] = ["created", "updated", "deleted", "started", "ended", "all"],
        ["recordings"] = ["created", "updated", "deleted", "all"],
        ["convergedRecordings"] = ["created", "updated", "deleted", "all"],
        ["meetingParticipants"] = ["joined", "left", "updated", "all"],
        ["meetingTranscripts"] = ["created", "all"],
        ["telephony_calls"] = ["created", "updated", "deleted", "all"],
        ["telephony_conference"] = ["created", "updated", "deleted", "all"],
        ["telephony_mwi"] = ["created", "updated", "deleted", "all"],
        ["uc_counters"] = ["created", "updated", "deleted", "all"],
        ["serviceApp"] = ["authorized", "deauthorized", "all"],
        ["adminBatchJobs"] = ["created", "updated", "all"],
        ["dataSources"] = ["created", "updated", "deleted", "statusChanged", "all"],
    };

    /// <summary>Resources the firehose carries: not attachmentActions (50 §3).</summary>
    public static bool InFirehose(string resource) => resource is Messages or Memberships or Rooms;

    /// <summary>Whether a webhook's resource/event pair selects an event of the given resource and type.</summary>
    public static bool Selects(string webhookResource, string webhookEvent, string resource, string type) =>
        (webhookResource == resource || (webhookResource == All && InFirehose(resource)))
        && (webhookEvent == All || webhookEvent == type);
}
