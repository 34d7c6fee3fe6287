using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>The <c>/organizations</c> resource (admins).</summary>
public sealed class OrganizationsClient
{
    private readonly WebexConnection _connection;

    internal OrganizationsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists the organizations the caller administers (one page; the endpoint is not paged).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public IAsyncEnumerable<Organization> ListAsync(CancellationToken cancellationToken = default) =>
        _connection.ListAsync<Organization>("organizations", null, cancellationToken);

    /// <summary>Gets an organization by ID.</summary>
    /// <param name="orgId">The organization's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Organization> GetAsync(string orgId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Organization>(Paths.Item("organizations", orgId), null, cancellationToken);

    /// <summary>Deletes an organization (it must hold no people or rooms).</summary>
    /// <param name="orgId">The organization's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string orgId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("organizations", orgId), cancellationToken);
}
