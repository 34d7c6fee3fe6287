using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="MembershipsClient.ListAsync"/>; without any, the caller's own memberships are listed.</summary>
public sealed record MembershipListOptions
{
    /// <summary>Members of this room.</summary>
    public string? RoomId { get; init; }

    /// <summary>Memberships of this person (with <see cref="RoomId"/>, or for compliance officers).</summary>
    public string? PersonId { get; init; }

    /// <summary>Memberships of the person with this address.</summary>
    public string? PersonEmail { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/memberships</c> resource: who is in which room.</summary>
public sealed class MembershipsClient
{
    private readonly WebexConnection _connection;

    internal MembershipsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists memberships, following the server's pages lazily.</summary>
    /// <param name="options">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Membership> ListAsync(MembershipListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        var query = new Query()
            .Add("roomId", options.RoomId)
            .Add("personId", options.PersonId)
            .Add("personEmail", options.PersonEmail)
            .Add("max", options.Max);
        return _connection.ListAsync<Membership>("memberships", query, cancellationToken);
    }

    /// <summary>Gets a membership by ID.</summary>
    /// <param name="membershipId">The membership's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Membership> GetAsync(string membershipId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Membership>(Paths.Item("memberships", membershipId), null, cancellationToken);

    /// <summary>Adds a person to a room.</summary>
    /// <param name="request">The room and the person (by ID or address).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Membership> CreateAsync(CreateMembershipRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreateMembershipRequest, Membership>(HttpMethod.Post, "memberships", Paths.NotNull(request), cancellationToken);

    /// <summary>Makes a member a moderator or not, or hides the room for them.</summary>
    /// <param name="membershipId">The membership's ID.</param>
    /// <param name="request">The flags to set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Membership> UpdateAsync(string membershipId, UpdateMembershipRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<UpdateMembershipRequest, Membership>(HttpMethod.Put, Paths.Item("memberships", membershipId), Paths.NotNull(request), cancellationToken);

    /// <summary>Removes a person from a room (or leaves it, for one's own membership).</summary>
    /// <param name="membershipId">The membership's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string membershipId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("memberships", membershipId), cancellationToken);
}
