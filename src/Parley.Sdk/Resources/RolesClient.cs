using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>The <c>/roles</c> resource: the administrator roles a person can hold.</summary>
public sealed class RolesClient
{
    private readonly WebexConnection _connection;

    internal RolesClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists every role (one page; the endpoint is not paged).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public IAsyncEnumerable<Role> ListAsync(CancellationToken cancellationToken = default) =>
        _connection.ListAsync<Role>("roles", null, cancellationToken);

    /// <summary>Gets a role by ID.</summary>
    /// <param name="roleId">The role's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Role> GetAsync(string roleId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Role>(Paths.Item("roles", roleId), null, cancellationToken);
}
