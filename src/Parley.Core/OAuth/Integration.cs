namespace Parley.Core;

/// <summary>An OAuth 2.0 integration registered by a person (60 §3.1). Its ID is the <c>APPLICATION</c> ID.</summary>
public sealed class Integration
{
    public Guid Id { get; set; }

    /// <summary>Webex style: <c>C</c> followed by 64 hex characters.</summary>
    public required string ClientId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the client secret; the secret itself is shown once.</summary>
    public required string SecretHash { get; set; }

    public Guid OwnerId { get; set; }

    public Guid OrgId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? IconUrl { get; set; }

    /// <summary>Registered redirect URIs, one per line; a request must match one exactly.</summary>
    public required string RedirectUris { get; set; }

    /// <summary>Space-separated scopes the integration may request.</summary>
    public required string Scopes { get; set; }

    public DateTime Created { get; set; }

    public IReadOnlyList<string> RedirectUriList => RedirectUris.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A person's consent to an integration (an "authorization" of 60 §7), holding the one refresh token it issued.
/// Access tokens minted from it point back with <see cref="AccessToken.GrantId"/>, so revoking removes them all.
/// </summary>
public sealed class OAuthGrant
{
    public Guid Id { get; set; }

    public Guid IntegrationId { get; set; }

    public Guid PersonId { get; set; }

    public Guid OrgId { get; set; }

    /// <summary>Space-separated scopes granted at consent; never widened by a refresh.</summary>
    public required string Scopes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the refresh token.</summary>
    public required string RefreshHash { get; set; }

    public DateTime RefreshExpiresAt { get; set; }

    public DateTime Created { get; set; }
}

/// <summary>A single-use authorization code, bound to client, redirect URI, person, scopes and PKCE challenge.</summary>
public sealed class AuthorizationCode
{
    public Guid Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the code.</summary>
    public required string Hash { get; set; }

    public Guid IntegrationId { get; set; }

    public Guid PersonId { get; set; }

    public required string RedirectUri { get; set; }

    public required string Scopes { get; set; }

    public string? CodeChallenge { get; set; }

    /// <summary><c>S256</c> or <c>plain</c> when a challenge was sent.</summary>
    public string? CodeChallengeMethod { get; set; }

    public DateTime ExpiresAt { get; set; }
}

public interface IOAuthStore
{
    Task<Integration?> GetIntegrationAsync(Guid id);

    Task<Integration?> GetIntegrationByClientIdAsync(string clientId);

    Task<IReadOnlyList<Integration>> ListIntegrationsAsync(Guid ownerId);

    Task<IReadOnlyList<Integration>> GetIntegrationsAsync(IReadOnlyCollection<Guid> ids);

    void AddIntegration(Integration integration);

    /// <summary>Removes the integration with its codes, grants and every token minted from them.</summary>
    Task DeleteIntegrationAsync(Guid id);

    void AddCode(AuthorizationCode code);

    /// <summary>Removes and returns the code with this hash; null if unknown or already taken (single use, even when raced).</summary>
    Task<AuthorizationCode?> TakeCodeAsync(string hash);

    void AddGrant(OAuthGrant grant);

    Task<OAuthGrant?> GetGrantAsync(Guid id);

    Task<OAuthGrant?> GetGrantByRefreshHashAsync(string refreshHash);

    Task<IReadOnlyList<OAuthGrant>> ListGrantsForPersonAsync(Guid personId);

    Task<IReadOnlyList<OAuthGrant>> ListGrantsForIntegrationAsync(Guid integrationId, Guid orgId);

    /// <summary>Removes the grant and every access token minted from it.</summary>
    Task DeleteGrantAsync(Guid id);

    /// <summary>Removes the person's grants (with their tokens) and codes.</summary>
    Task DeleteForPersonAsync(Guid personId);
}
