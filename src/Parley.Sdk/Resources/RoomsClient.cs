using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="RoomsClient.ListAsync"/>.</summary>
public sealed record RoomListOptions
{
    /// <summary>Only rooms of this team.</summary>
    public string? TeamId { get; init; }

    /// <summary><c>direct</c> or <c>group</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>id</c>, <c>lastactivity</c> or <c>created</c>.</summary>
    public string? SortBy { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/rooms</c> resource (spaces).</summary>
public sealed class RoomsClient
{
    private readonly WebexConnection _connection;

    internal RoomsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists the rooms the caller is in, following the server's pages lazily.</summary>
    /// <param name="options">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Room> ListAsync(RoomListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        var query = new Query()
            .Add("teamId", options.TeamId)
            .Add("type", options.Type)
            .Add("sortBy", options.SortBy)
            .Add("max", options.Max);
        return _connection.ListAsync<Room>("rooms", query, cancellationToken);
    }

    /// <summary>Gets a room by ID.</summary>
    /// <param name="roomId">The room's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Room> GetAsync(string roomId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Room>(Paths.Item("rooms", roomId), null, cancellationToken);

    /// <summary>Creates a group room with the caller as its only member.</summary>
    /// <param name="request">The room; <c>title</c> is required.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Room> CreateAsync(CreateRoomRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreateRoomRequest, Room>(HttpMethod.Post, "rooms", Paths.NotNull(request), cancellationToken);

    /// <summary>Updates a room (title, lock, team, …).</summary>
    /// <param name="roomId">The room's ID.</param>
    /// <param name="request">The fields to set; <c>title</c> is required by Webex.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Room> UpdateAsync(string roomId, UpdateRoomRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<UpdateRoomRequest, Room>(HttpMethod.Put, Paths.Item("rooms", roomId), Paths.NotNull(request), cancellationToken);

    /// <summary>Deletes a room and its messages.</summary>
    /// <param name="roomId">The room's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string roomId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("rooms", roomId), cancellationToken);
}
