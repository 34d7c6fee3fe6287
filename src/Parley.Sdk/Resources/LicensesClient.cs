using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

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
