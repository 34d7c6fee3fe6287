using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>Filters of <see cref="PeopleClient.ListAsync"/>. Webex needs at least one of email, display name or IDs unless the caller is an admin.</summary>
public sealed record PersonListOptions
{
    /// <summary>Only the person with this address.</summary>
    public string? Email { get; init; }

    /// <summary>People whose display name starts with this text.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Only these people (sent comma-separated as <c>id</c>).</summary>
    public IReadOnlyList<string>? Ids { get; init; }

    /// <summary>People of this organization (admins).</summary>
    public string? OrgId { get; init; }

    /// <summary>People holding any of these roles (sent comma-separated as <c>roles</c>).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Leave presence status out of the results.</summary>
    public bool? ExcludeStatus { get; init; }

    /// <summary>Page size: items per request (not a total). The server clamps large values.</summary>
    public int? Max { get; init; }
}

/// <summary>The <c>/people</c> resource.</summary>
public sealed class PeopleClient
{
    private readonly WebexConnection _connection;

    internal PeopleClient(WebexConnection connection) => _connection = connection;

    /// <summary>Lists people, following the server's pages lazily.</summary>
    /// <param name="options">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the current page request.</param>
    public IAsyncEnumerable<Person> ListAsync(PersonListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        var query = new Query()
            .Add("email", options.Email)
            .Add("displayName", options.DisplayName)
            .Add("id", options.Ids)
            .Add("orgId", options.OrgId)
            .Add("roles", options.Roles)
            .Add("excludeStatus", options.ExcludeStatus)
            .Add("max", options.Max);
        return _connection.ListAsync<Person>("people", query, cancellationToken);
    }

    /// <summary>The person the access token belongs to.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Person> GetMeAsync(CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Person>("people/me", null, cancellationToken);

    /// <summary>Gets a person by ID.</summary>
    /// <param name="personId">The person's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Person> GetAsync(string personId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<Person>(Paths.Item("people", personId), null, cancellationToken);

    /// <summary>Creates a person (admins).</summary>
    /// <param name="request">The new person; <c>emails</c> is required.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Person> CreateAsync(CreatePersonRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreatePersonRequest, Person>(HttpMethod.Post, "people", Paths.NotNull(request), cancellationToken);

    /// <summary>Replaces a person's details (admins, or the person for some fields). Webex replaces the whole object: send every field to keep.</summary>
    /// <param name="personId">The person's ID.</param>
    /// <param name="request">The full set of details.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Person> UpdateAsync(string personId, CreatePersonRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreatePersonRequest, Person>(HttpMethod.Put, Paths.Item("people", personId), Paths.NotNull(request), cancellationToken);

    /// <summary>Deletes a person (admins).</summary>
    /// <param name="personId">The person's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string personId, CancellationToken cancellationToken = default) =>
        _connection.DeleteAsync(Paths.Item("people", personId), cancellationToken);
}
