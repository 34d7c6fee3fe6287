using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// The event stream: the same envelopes as webhooks, read from the outbox in sequence order for one subscription
/// (resource, event, filter), with the same eligibility rules. A subscription is a webhook that lives only as long
/// as the connection; its cursor is the outbox sequence number, so a client resumes where it stopped.
/// </summary>
public sealed class EventStreamService(IDataStore store, TimeProvider time)
{
    private sealed record StreamCursor(long Seq);

    public const string CursorExpired = "The cursor is older than the retained events; reconnect without a cursor.";

    /// <summary>Validates a subscription and finds where it starts: after the cursor, or after the newest event.</summary>
    public Task<(Webhook Subscription, long AfterSeq)> OpenAsync(Caller caller, string? resource, string? @event, string? filter, string? cursor, string streamUrl)
    {
        resource = string.IsNullOrEmpty(resource) ? WebhookResources.All : resource;
        @event = string.IsNullOrEmpty(@event) ? WebhookResources.All : @event;
        if (!WebhookResources.Fired.TryGetValue(resource, out var events) || !events.Contains(@event))
        {
            throw new ValidationException($"Cannot stream resource {resource} with event {@event}.");
        }
        WebhookFilter.Parse(filter, resource, orgOwned: false);
        var from = cursor is null ? (long?)null : Cursor.Decode<StreamCursor>(cursor).Seq;
        var now = time.UtcNowMs();
        var subscription = new Webhook
        {
            Id = Uuid7.New(),
            Name = "event stream",
            TargetUrl = streamUrl,
            Resource = resource,
            Event = @event,
            Filter = string.IsNullOrEmpty(filter) ? null : filter,
            Created = now,
            ActiveSince = DateTime.MinValue,
            OrgId = caller.OrgId,
            CreatedBy = caller.PersonId,
            AppId = BuiltInApps.DeveloperPortal,
            OwnedBy = "creator",
        };
        return store.ReadAsync(async s =>
        {
            if (from is not { } after)
            {
                return (subscription, await s.Outbox.LastSeqAsync());
            }
            // Events after the cursor must all still be retained, or the client would silently miss some.
            var first = await s.Outbox.FirstSeqAsync();
            if (first is { } f && after < f - 1)
            {
                throw new ValidationException(CursorExpired);
            }
            return (subscription, after);
        });
    }

    /// <summary>The eligible envelopes after a sequence number, and the last sequence number examined.</summary>
    public Task<(IReadOnlyList<(string Cursor, Wire.WebhookEnvelope Envelope)> Frames, long LastSeq)> ReadAsync(
        Webhook subscription, long afterSeq, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync(async s =>
        {
            var events = await s.Outbox.ListAfterAsync(afterSeq, limit);
            var owner = await s.People.GetAsync(subscription.CreatedBy);
            var frames = new List<(string, Wire.WebhookEnvelope)>();
            foreach (var e in events)
            {
                using var data = JsonDocument.Parse(e.DataJson);
                if (owner is not null && await WebhookDispatch.IsEligibleAsync(s, subscription, owner, e, data.RootElement))
                {
                    frames.Add((CursorOf(e.Seq), await WebhookDispatch.EnvelopeAsync(s, subscription, e)));
                }
            }
            return ((IReadOnlyList<(string, Wire.WebhookEnvelope)>)frames, events.Count > 0 ? events[^1].Seq : afterSeq);
        }, cancellationToken);

    public static string CursorOf(long seq) => Cursor.Encode(new StreamCursor(seq));
}
