using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Options of <see cref="TeamsClient.ListAsync"/>.</summary>
public sealed record TeamListOptions
{
    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/teams</c> resource.</summary>
public sealed class TeamsClient
{
    private readonly WebexConnection _connection;

    internal TeamsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists the teams the caller belongs to, following the server's pages lazily.</summary>
    /// <param name="options">Page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Team> ListAsync(TeamListOptions? options = null, CancellationToken cancellationToken = default) =>
        _connection.ListAsync<Team>("teams", new Query().Add("max", options?.Max), cancellationToken);

    /// <summary>Gets a team by ID.</summary>
    /// <param name="teamId">The team's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Team> GetAsync(string teamId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Team>(Paths.Item("teams", teamId), null, cancellationToken);

    /// <summary>Creates a team with the caller as its moderator (and its general room).</summary>
    /// <param name="request">The team; <c>name</c> is required.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Team> CreateAsync(TeamRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<TeamRequest, Team>(HttpMethod.Post, "teams", Paths.NotNull(request), cancellationToken);

    /// <summary>Renames a team or changes its description.</summary>
    /// <param name="teamId">The team's ID.</param>
    /// <param name="request">The new name (required) and description.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Team> UpdateAsync(string teamId, TeamRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<TeamRequest, Team>(HttpMethod.Put, Paths.Item("teams", teamId), Paths.NotNull(request), cancellationToken);

    /// <summary>Deletes a team and its rooms.</summary>
    /// <param name="teamId">The team's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string teamId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("teams", teamId), cancellationToken);
}
