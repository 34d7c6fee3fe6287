using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="TeamMembershipsClient.ListAsync"/>.</summary>
public sealed record TeamMembershipListOptions
{
    /// <summary>The team whose members are listed (required by the API).</summary>
    public required string TeamId { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/team/memberships</c> resource: who is in which team.</summary>
public sealed class TeamMembershipsClient
{
    private readonly WebexConnection _connection;

    internal TeamMembershipsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists a team's members, following the server's pages lazily.</summary>
    /// <param name="options">The team and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<TeamMembership> ListAsync(TeamMembershipListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = new Query().Add("teamId", options.TeamId).Add("max", options.Max);
        return _connection.ListAsync<TeamMembership>("team/memberships", query, cancellationToken);
    }

    /// <summary>Gets a team membership by ID.</summary>
    /// <param name="membershipId">The team membership's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<TeamMembership> GetAsync(string membershipId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<TeamMembership>(Paths.Item("team/memberships", membershipId), null, cancellationToken);

    /// <summary>Adds a person to a team.</summary>
    /// <param name="request">The team and the person (by ID or address).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<TeamMembership> CreateAsync(CreateTeamMembershipRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreateTeamMembershipRequest, TeamMembership>(HttpMethod.Post, "team/memberships", Paths.NotNull(request), cancellationToken);

    /// <summary>Makes a team member a moderator or not.</summary>
    /// <param name="membershipId">The team membership's ID.</param>
    /// <param name="request">The flag to set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<TeamMembership> UpdateAsync(string membershipId, UpdateTeamMembershipRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<UpdateTeamMembershipRequest, TeamMembership>(HttpMethod.Put, Paths.Item("team/memberships", membershipId), Paths.NotNull(request), cancellationToken);

    /// <summary>Removes a person from a team.</summary>
    /// <param name="membershipId">The team membership's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string membershipId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("team/memberships", membershipId), cancellationToken);
}
