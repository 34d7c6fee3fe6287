using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="EventsClient.ListAsync"/>.</summary>
public sealed record EventListOptions
{
    /// <summary><c>messages</c>, <c>memberships</c>, <c>rooms</c>, <c>attachmentActions</c>, …</summary>
    public string? Resource { get; init; }

    /// <summary><c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Only events caused by this person.</summary>
    public string? ActorId { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/events</c> resource: the compliance record of changes (compliance officers).</summary>
public sealed class EventsClient
{
    private readonly WebexConnection _connection;

    internal EventsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists events, newest first, following the server's pages lazily.</summary>
    /// <param name="options">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Event> ListAsync(EventListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        var query = new Query()
            .Add("resource", options.Resource)
            .Add("type", options.Type)
            .Add("actorId", options.ActorId)
            .Add("from", options.From)
            .Add("to", options.To)
            .Add("max", options.Max);
        return _connection.ListAsync<Event>("events", query, cancellationToken);
    }

    /// <summary>Gets an event by ID.</summary>
    /// <param name="eventId">The event's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Event> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Event>(Paths.Item("events", eventId), null, cancellationToken);
}
