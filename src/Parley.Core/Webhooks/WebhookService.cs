using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Rules of webhook registration that the API enforces (the <c>Parley:Webhooks</c> section).</summary>
public sealed class WebhookOptions
{
    /// <summary>Plain-http targets are allowed by default: bots commonly register tunnels or loopback receivers.</summary>
    public bool AllowHttpTargets { get; set; } = true;

    /// <summary>Webhooks per (person, app); 0 means no limit.</summary>
    public int MaxPerOwner { get; set; } = 100;
}

/// <summary>Webhooks: create, list, get, update, delete, plus the delivery log and redelivery (50 §1–2).</summary>
public sealed class WebhookService(IDataStore store, TimeProvider time, WebhookOptions options)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string NotFound = "Could not find a webhook with provided ID.";
    public const string DeliveryNotFound = "Could not find a delivery with provided ID.";

    private sealed record WebhookCursor(bool Org, DateTime Created, Guid Id);

    private sealed record DeliveryCursor(Guid WebhookId, DateTime Created, Guid Id);

    public Task<Page<Wire.Webhook>> ListAsync(Caller caller, string? ownedBy, string? cursor, int max)
    {
        var c = cursor is null ? null : Cursor.Decode<WebhookCursor>(cursor);
        var org = c?.Org ?? ownedBy switch
        {
            null or "" => false,
            "org" => true,
            _ => throw new ValidationException("ownedBy must be org."),
        };
        if (org && !MayManageOrgWebhooks(caller))
        {
            throw new ForbiddenException("Only administrators and compliance officers can list org-owned webhooks.");
        }
        return store.ReadAsync(async s =>
        {
            var list = org
                ? await s.Webhooks.ListOrgOwnedAsync(caller.OrgId, c?.Created, c?.Id ?? Guid.Empty, max + 1)
                : await s.Webhooks.ListByOwnerAsync(caller.PersonId, caller.AppId, c?.Created, c?.Id ?? Guid.Empty, max + 1);
            var page = list.Take(max).ToList();
            var next = list.Count > max ? Cursor.Encode(new WebhookCursor(org, page[^1].Created, page[^1].Id)) : null;
            return new Page<Wire.Webhook>(page.Select(ToWire).ToList(), next);
        });
    }

    public Task<Wire.Webhook> CreateAsync(Caller caller, WebhookRequest request)
    {
        var name = RequireName(request.Name);
        var targetUrl = RequireTargetUrl(request.TargetUrl);
        var resource = request.Resource?.Trim();
        var @event = request.Event?.Trim();
        if (string.IsNullOrEmpty(resource))
        {
            throw new ValidationException("resource cannot be empty.");
        }
        if (string.IsNullOrEmpty(@event))
        {
            throw new ValidationException("event cannot be empty.");
        }
        var events = WebhookResources.Fired.GetValueOrDefault(resource) ?? WebhookResources.StoredOnly.GetValueOrDefault(resource)
            ?? throw new ValidationException($"Unknown resource: {resource}");
        if (!events.Contains(@event))
        {
            throw new ValidationException($"Event {@event} is not valid for resource {resource}.");
        }
        RequireReadScope(caller, resource);
        var ownedBy = ParseOwnedBy(caller, request.OwnedBy, resource);
        var filterText = string.IsNullOrEmpty(request.Filter) ? null : request.Filter;
        var filter = WebhookFilter.Parse(filterText, resource, ownedBy == "org");
        return store.WriteAsync(async s =>
        {
            if (filter.IdOf("roomId") is { } roomId)
            {
                try
                {
                    await RoomAccess.GetVisibleAsync(s, caller, roomId);
                }
                catch (NotFoundException)
                {
                    throw new ValidationException("invalid value for filter: roomId");
                }
            }
            if (options.MaxPerOwner > 0 && await s.Webhooks.CountByOwnerAsync(caller.PersonId, caller.AppId) >= options.MaxPerOwner)
            {
                throw new ValidationException($"A person can register at most {options.MaxPerOwner} webhooks per application.");
            }
            var now = time.UtcNowMs();
            var webhook = new Webhook
            {
                Id = Uuid7.New(),
                Name = name,
                TargetUrl = targetUrl,
                Resource = resource,
                Event = @event,
                Filter = filterText,
                Secret = string.IsNullOrEmpty(request.Secret) ? null : request.Secret,
                Created = now,
                ActiveSince = now,
                OrgId = caller.OrgId,
                CreatedBy = caller.PersonId,
                AppId = caller.AppId,
                OwnedBy = ownedBy,
            };
            s.Webhooks.Add(webhook);
            return ToWire(webhook);
        });
    }

    public Task<Wire.Webhook> GetAsync(Caller caller, string webhookId)
    {
        var id = Ids.Require(webhookId, WebexIdType.Webhook, "webhookId", NotFound);
        return store.ReadAsync(async s => ToWire(await GetOwnedAsync(s, caller, id)));
    }

    public Task<Wire.Webhook> UpdateAsync(Caller caller, string webhookId, WebhookRequest request)
    {
        var id = Ids.Require(webhookId, WebexIdType.Webhook, "webhookId", NotFound);
        var name = RequireName(request.Name);
        var targetUrl = RequireTargetUrl(request.TargetUrl);
        if (request.Status is not (null or "active" or "inactive"))
        {
            throw new ValidationException("status must be active.");
        }
        return store.WriteAsync(async s =>
        {
            var webhook = await GetOwnedAsync(s, caller, id);
            if (request.Status == "inactive" && webhook.IsActive)
            {
                throw new ValidationException("A webhook cannot be deactivated; delete it instead.");
            }
            if (request.OwnedBy is { Length: > 0 } && request.OwnedBy != webhook.OwnedBy)
            {
                webhook.OwnedBy = ParseOwnedBy(caller, request.OwnedBy, webhook.Resource);
            }
            webhook.Name = name;
            webhook.TargetUrl = targetUrl;
            if (request.Secret is not null)
            {
                webhook.Secret = request.Secret.Length == 0 ? null : request.Secret;
            }
            if (request.Status == "active" && !webhook.IsActive)
            {
                var now = time.UtcNowMs();
                webhook.IsActive = true;
                webhook.ActiveSince = now;
                webhook.ConsecutiveFailures = 0;
                await s.Deliveries.ResumeAsync(webhook.Id, now);
            }
            return ToWire(webhook);
        });
    }

    public Task DeleteAsync(Caller caller, string webhookId)
    {
        var id = Ids.Require(webhookId, WebexIdType.Webhook, "webhookId", NotFound);
        return store.WriteAsync(async s =>
        {
            await GetOwnedAsync(s, caller, id);
            await s.Webhooks.DeleteAsync(id);
            return true;
        });
    }

    /// <summary>The delivery log of a webhook, newest first.</summary>
    public Task<Page<Wire.WebhookDelivery>> ListDeliveriesAsync(Caller caller, string webhookId, string? cursor, int max)
    {
        var id = Ids.Require(webhookId, WebexIdType.Webhook, "webhookId", NotFound);
        var c = cursor is null ? null : Cursor.Decode<DeliveryCursor>(cursor);
        if (c is not null && c.WebhookId != id)
        {
            throw new ValidationException("Invalid cursor.");
        }
        return store.ReadAsync(async s =>
        {
            await GetOwnedAsync(s, caller, id);
            var list = await s.Deliveries.ListByWebhookAsync(id, c?.Created, c?.Id ?? Guid.Empty, max + 1);
            var page = list.Take(max).ToList();
            var next = list.Count > max ? Cursor.Encode(new DeliveryCursor(id, page[^1].Created, page[^1].Id)) : null;
            return new Page<Wire.WebhookDelivery>(await ToWireAsync(s, page), next);
        });
    }

    /// <summary>Queues a delivery again as a new delivery of the same event, due now.</summary>
    public Task<Wire.WebhookDelivery> RedeliverAsync(Caller caller, string webhookId, string deliveryId)
    {
        var id = Ids.Require(webhookId, WebexIdType.Webhook, "webhookId", NotFound);
        var did = Ids.Require(deliveryId, WebhookIds.Delivery, "deliveryId", DeliveryNotFound);
        return store.WriteAsync(async s =>
        {
            var webhook = await GetOwnedAsync(s, caller, id);
            var original = await s.Deliveries.GetAsync(did);
            if (original is null || original.WebhookId != webhook.Id)
            {
                throw new NotFoundException(DeliveryNotFound);
            }
            var delivery = WebhookDelivery.Pending(webhook.Id, original.EventSeq, time.UtcNowMs());
            s.Deliveries.Add(delivery);
            return (await ToWireAsync(s, [delivery]))[0];
        });
    }

    public static Wire.Webhook ToWire(Webhook w) => new()
    {
        Id = WebexId.Encode(WebexIdType.Webhook, w.Id),
        Name = w.Name,
        TargetUrl = w.TargetUrl,
        Resource = w.Resource,
        Event = w.Event,
        Filter = w.Filter,
        Secret = w.Secret,
        Status = w.IsActive ? "active" : "inactive",
        Created = w.Created,
        OrgId = Ids.Org(w.OrgId),
        CreatedBy = Ids.Person(w.CreatedBy),
        AppId = WebexId.Encode(WebexIdType.Application, w.AppId),
        OwnedBy = w.OwnedBy,
    };

    private static async Task<List<Wire.WebhookDelivery>> ToWireAsync(IStoreSession s, IReadOnlyList<WebhookDelivery> deliveries)
    {
        var events = (await s.Outbox.GetManyAsync(deliveries.Select(d => d.EventSeq).Distinct().ToList())).ToDictionary(e => e.Seq);
        var attempts = (await s.Deliveries.ListAttemptsAsync(deliveries.Select(d => d.Id).ToList())).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d =>
        {
            var e = events.GetValueOrDefault(d.EventSeq);
            return new Wire.WebhookDelivery
            {
                Id = WebexId.Encode(WebhookIds.Delivery, d.Id),
                WebhookId = WebexId.Encode(WebexIdType.Webhook, d.WebhookId),
                EventId = e is null ? "" : WebexId.Encode(WebexIdType.Event, e.Id),
                Resource = e?.Resource ?? "",
                Event = e?.Type ?? "",
                Status = d.Status.ToString().ToLowerInvariant(),
                Created = d.Created,
                NextAttempt = d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null,
                Completed = d.Completed,
                Attempts = attempts[d.Id].OrderBy(a => a.Number)
                    .Select(a => new Wire.DeliveryAttempt(a.Number, a.Started, a.DurationMs, a.StatusCode, a.Error)).ToList(),
            };
        }).ToList();
    }

    /// <summary>The owner's webhook: same person and app, or an org-owned webhook of a managing caller's org; else 404.</summary>
    private static async Task<Webhook> GetOwnedAsync(IStoreSession s, Caller caller, Guid id)
    {
        var webhook = await s.Webhooks.GetAsync(id);
        var owned = webhook is not null
            && ((webhook.CreatedBy == caller.PersonId && webhook.AppId == caller.AppId)
                || (webhook.OwnedBy == "org" && webhook.OrgId == caller.OrgId && MayManageOrgWebhooks(caller)));
        return owned ? webhook! : throw new NotFoundException(NotFound);
    }

    private static bool MayManageOrgWebhooks(Caller caller) => caller.IsAnyAdmin || caller.IsComplianceOfficer;

    private static string ParseOwnedBy(Caller caller, string? ownedBy, string resource)
    {
        switch (ownedBy)
        {
            case null or "" or "creator":
                return "creator";
            case "org":
                if (!MayManageOrgWebhooks(caller))
                {
                    throw new ForbiddenException("Only administrators and compliance officers can create org-owned webhooks.");
                }
                if (resource is WebhookResources.AttachmentActions or WebhookResources.All)
                {
                    throw new ValidationException($"ownedBy org is not supported for {resource}.");
                }
                return "org";
            default:
                throw new ValidationException("ownedBy must be creator or org.");
        }
    }

    private static string RequireName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ValidationException("name cannot be empty") : name;

    private string RequireTargetUrl(string? targetUrl)
    {
        if (string.IsNullOrWhiteSpace(targetUrl))
        {
            throw new ValidationException("targetUrl cannot be empty");
        }
        var ok = Uri.TryCreate(targetUrl.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.AllowHttpTargets))
            && !string.IsNullOrEmpty(uri.Host);
        return ok ? targetUrl.Trim() : throw new ValidationException("targetUrl must be an absolute https URL.");
    }

    /// <summary>Creating a webhook needs the read scope of what it announces (60 §5.2); <c>all</c> needs all three.</summary>
    private static void RequireReadScope(Caller caller, string resource)
    {
        string[] needed = resource switch
        {
            WebhookResources.Messages or WebhookResources.AttachmentActions => [Scopes.MessagesRead],
            WebhookResources.Memberships => [Scopes.MembershipsRead],
            WebhookResources.Rooms => [Scopes.RoomsRead],
            WebhookResources.All => [Scopes.MessagesRead, Scopes.MembershipsRead, Scopes.RoomsRead],
            _ => [],
        };
        var missing = needed.FirstOrDefault(scope => !Scopes.Allows(caller.Scopes, scope));
        if (missing is not null)
        {
            throw new ForbiddenException($"The access token lacks the required scope {missing}.");
        }
    }
}

/// <summary>ID types of Parley's own resources beyond Webex.</summary>
public static class WebhookIds
{
    public const string Delivery = "WEBHOOK_DELIVERY";
}

/// <summary>Compliance events (<c>GET /v1/events</c>, 50 §7), read from the outbox.</summary>
public sealed class EventService(IDataStore store, TimeProvider time)
{
    public const int DefaultMax = 100;
    public const int MaxCap = 1000;
    public const string NotFound = "Could not find an event with provided ID.";

    private sealed record EventCursor(string? Resource, string? Type, Guid? ActorId, DateTime? From, DateTime To, long Seq);

    public Task<Page<Wire.Event>> ListAsync(Caller caller, string? resource, string? type, string? actorId, DateTime? from, DateTime? to, string? cursor, int max)
    {
        Authorize(caller);
        EventCursor query;
        if (cursor is not null)
        {
            query = Cursor.Decode<EventCursor>(cursor);
        }
        else
        {
            var now = time.UtcNowMs();
            if (to > now || from > now)
            {
                throw new ValidationException("from and to cannot be in the future.");
            }
            var actor = Ids.Optional(actorId, WebexIdType.Person, "actorId", PeopleService.NotFound);
            query = new EventCursor(resource, type, actor, from, to ?? now, long.MaxValue);
        }
        return store.ReadAsync(async s =>
        {
            var list = await s.Outbox.ListAsync(new EventQuery(caller.OrgId, query.Resource, query.Type, query.ActorId, query.From, query.To), query.Seq, max + 1);
            var page = list.Take(max).ToList();
            var next = list.Count > max ? Cursor.Encode(query with { Seq = page[^1].Seq }) : null;
            return new Page<Wire.Event>(page.Select(ToWire).ToList(), next);
        });
    }

    public Task<Wire.Event> GetAsync(Caller caller, string eventId)
    {
        Authorize(caller);
        var id = Ids.Require(eventId, WebexIdType.Event, "eventId", NotFound);
        return store.ReadAsync(async s =>
        {
            var e = await s.Outbox.GetAsync(id);
            return e is not null && e.OrgId == caller.OrgId ? ToWire(e) : throw new NotFoundException(NotFound);
        });
    }

    private static void Authorize(Caller caller)
    {
        if (!caller.IsComplianceOfficer && !caller.IsAnyAdmin)
        {
            throw new ForbiddenException("Only compliance officers and administrators can read events.");
        }
    }

    public static Wire.Event ToWire(OutboxEvent e)
    {
        using var data = JsonDocument.Parse(e.DataJson);
        return new Wire.Event
        {
            Id = WebexId.Encode(WebexIdType.Event, e.Id),
            Resource = e.Resource,
            Type = e.Type,
            AppId = e.AppId is { } app ? WebexId.Encode(WebexIdType.Application, app) : null,
            ActorId = Ids.Person(e.ActorId),
            OrgId = Ids.Org(e.OrgId),
            Created = e.Created,
            Data = data.RootElement.Clone(),
        };
    }
}
