using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Who receives an event (50 §5) and what they receive (50 §6.1–6.2).</summary>
public static class WebhookDispatch
{
    /// <summary>Fields a message's webhook data never carries: receivers fetch the message (50 §6.2).</summary>
    private static readonly string[] _messageContent = ["text", "markdown", "html", "attachments"];

    private static readonly string[] _deletedMessageFields = ["id", "roomId", "roomType", "personId", "personEmail", "created"];

    /// <summary>
    /// The deliveries a batch of events causes: one per event and active webhook that selects it, matches its filter
    /// and may see it. Candidate webhooks are read once per kind of event in the batch, owners once per batch.
    /// </summary>
    public static async Task<IReadOnlyList<WebhookDelivery>> PlanAsync(IStoreSession s, IReadOnlyList<OutboxEvent> events, DateTime now)
    {
        var candidates = new Dictionary<(string Resource, string Type), IReadOnlyList<Webhook>>();
        var owners = new Dictionary<Guid, Person?>();
        var result = new List<WebhookDelivery>();
        foreach (var e in events)
        {
            if (!candidates.TryGetValue((e.Resource, e.Type), out var webhooks))
            {
                webhooks = candidates[(e.Resource, e.Type)] = await s.Webhooks.ListActiveMatchingAsync(e.Resource, e.Type);
            }
            var selecting = webhooks.Where(w => WebhookResources.Selects(w.Resource, w.Event, e.Resource, e.Type) && e.Created >= w.ActiveSince).ToList();
            if (selecting.Count == 0)
            {
                continue;
            }
            using var document = JsonDocument.Parse(e.DataJson);
            var data = document.RootElement;
            foreach (var webhook in selecting)
            {
                if (!owners.TryGetValue(webhook.CreatedBy, out var owner))
                {
                    owner = owners[webhook.CreatedBy] = await s.People.GetAsync(webhook.CreatedBy);
                }
                if (owner is not null && await IsEligibleAsync(s, webhook, owner, e, data))
                {
                    result.Add(WebhookDelivery.Pending(webhook.Id, e.Seq, now));
                }
            }
        }
        return result;
    }

    /// <summary>Filter and visibility of one event for one webhook (or event-stream subscription) and its owner.</summary>
    public static async Task<bool> IsEligibleAsync(IStoreSession s, Webhook webhook, Person owner, OutboxEvent e, JsonElement data)
    {
        if (!WebhookResources.Selects(webhook.Resource, webhook.Event, e.Resource, e.Type)
            || !WebhookFilter.Parse(webhook.Filter, webhook.Resource, webhook.OwnedBy == "org").Matches(e.Resource, data, webhook.CreatedBy, e.OrgId))
        {
            return false;
        }
        return await MaySeeAsync(s, webhook, owner, e, data);
    }

    private static async Task<bool> MaySeeAsync(IStoreSession s, Webhook webhook, Person owner, OutboxEvent e, JsonElement data)
    {
        if (webhook.OwnedBy == "org")
        {
            return e.OrgId == webhook.OrgId
                || (e.Resource == WebhookResources.Memberships
                    && WebexId.TryDecodeGuid(String(data, "personOrgId"), WebexIdType.Organization, out var memberOrg)
                    && memberOrg == webhook.OrgId);
        }
        // Room membership now, or just before a removal the event itself describes (50 §5).
        var former = e.FormerMembers is { } list && list.Split(',').Contains(owner.Id.ToString());
        if (!former && (e.RoomId is not { } roomId || await s.Memberships.GetAsync(owner.Id, roomId) is null))
        {
            return false;
        }
        if (e.Resource == WebhookResources.AttachmentActions)
        {
            // Card submissions reach the submitter and the card's author (50 §5).
            return (WebexId.TryDecodeGuid(String(data, "personId"), WebexIdType.Person, out var submitter) && submitter == owner.Id)
                || (WebexId.TryDecodeGuid(String(data, "messageId"), WebexIdType.Message, out var cardId)
                    && await s.Messages.GetAsync(cardId) is { } card && card.PersonId == owner.Id);
        }
        if (owner.Type == PersonType.Bot && e.Resource == WebhookResources.Messages && String(data, "roomType") == "group")
        {
            // Bots see group messages only when mentioned by name, or their own.
            return (WebexId.TryDecodeGuid(String(data, "personId"), WebexIdType.Person, out var author) && author == owner.Id)
                || (data.TryGetProperty("mentionedPeople", out var mentioned) && mentioned.ValueKind == JsonValueKind.Array
                    && mentioned.EnumerateArray().Any(m => WebexId.TryDecodeGuid(m.GetString(), WebexIdType.Person, out var id) && id == owner.Id));
        }
        return true;
    }

    /// <summary>The envelope, with a direct room's title as its owner sees it: the other member's name (50 §6.2).</summary>
    public static async Task<Wire.WebhookEnvelope> EnvelopeAsync(IStoreSession s, Webhook webhook, OutboxEvent e)
    {
        string? title = null;
        if (e.Resource == WebhookResources.Rooms && e.RoomId is { } roomId && await s.Rooms.GetAsync(roomId) is { Type: RoomType.Direct } room)
        {
            title = await RoomAccess.TitleForAsync(s, room, webhook.CreatedBy);
        }
        return Envelope(webhook, e, title);
    }

    /// <summary>The envelope POSTed for an event to a webhook; <c>id</c> and <c>created</c> are the webhook's.</summary>
    public static Wire.WebhookEnvelope Envelope(Webhook webhook, OutboxEvent e, string? directRoomTitle = null)
    {
        var data = JsonNode.Parse(e.DataJson)!.AsObject();
        if (directRoomTitle is not null)
        {
            data["title"] = directRoomTitle;
        }
        if (e.Resource == WebhookResources.Messages)
        {
            foreach (var field in _messageContent)
            {
                data.Remove(field);
            }
            if (e.Type == WebhookResources.Deleted)
            {
                foreach (var field in data.Select(p => p.Key).Where(k => !_deletedMessageFields.Contains(k)).ToList())
                {
                    data.Remove(field);
                }
            }
        }
        if (e.Resource == WebhookResources.AttachmentActions)
        {
            // Receivers fetch the action for its inputs (50 §6.2).
            data.Remove("inputs");
        }
        var wire = WebhookService.ToWire(webhook);
        return new Wire.WebhookEnvelope
        {
            Id = wire.Id,
            Name = wire.Name,
            TargetUrl = wire.TargetUrl,
            Resource = e.Resource,
            Event = e.Type,
            Filter = wire.Filter,
            OrgId = wire.OrgId,
            CreatedBy = wire.CreatedBy,
            AppId = wire.AppId,
            OwnedBy = wire.OwnedBy,
            Status = "active",
            Created = wire.Created,
            ActorId = Ids.Person(e.ActorId),
            Data = JsonSerializer.SerializeToElement(data, WebexJson.Options),
        };
    }

    private static string? String(JsonElement data, string property) =>
        data.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
