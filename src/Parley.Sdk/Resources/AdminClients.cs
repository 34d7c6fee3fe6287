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

/// <summary>Filters of <see cref="LicensesClient.ListAsync"/>.</summary>
public sealed record LicenseListOptions
{
    /// <summary>Licenses of this organization (the caller's by default).</summary>
    public string? OrgId { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/licenses</c> resource (admins).</summary>
public sealed class LicensesClient
{
    private readonly WebexConnection _connection;

    internal LicensesClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists licenses, following the server's pages lazily.</summary>
    /// <param name="options">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<License> ListAsync(LicenseListOptions? options = null, CancellationToken cancellationToken = default) =>
        _connection.ListAsync<License>("licenses", new Query().Add("orgId", options?.OrgId).Add("max", options?.Max), cancellationToken);

    /// <summary>Gets a license by ID.</summary>
    /// <param name="licenseId">The license's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<License> GetAsync(string licenseId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<License>(Paths.Item("licenses", licenseId), null, cancellationToken);
}

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
