using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>An OAuth error (RFC 6749 §5.2) with the status Webex answers it with.</summary>
public sealed record OAuthError(int Status, string Error, string Description);

/// <summary>The token endpoint's answer: a token response or an OAuth error.</summary>
public sealed record TokenResult(OAuthTokenResponse? Response, OAuthError? Error)
{
    public static TokenResult Fail(int status, string error, string description) => new(null, new OAuthError(status, error, description));
}

/// <summary>The parameters of <c>GET /v1/authorize</c> (60 §3.2).</summary>
public sealed record AuthorizeRequest(
    string? ResponseType,
    string? ClientId,
    string? RedirectUri,
    string? Scope,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod);

/// <summary>
/// The outcome of checking an authorize request. <see cref="PageError"/>: the client or redirect URI cannot be trusted,
/// so the browser is shown an error and never redirected. <see cref="RedirectError"/>: the client is told through its
/// redirect URI. Otherwise the request may be shown for consent.
/// </summary>
public sealed record AuthorizeCheck(Integration? Integration, string? PageError, OAuthError? RedirectError, IReadOnlyList<string> Scopes);

/// <summary>The parameters of <c>POST /v1/access_token</c>, client credentials from the body or HTTP Basic.</summary>
public sealed record TokenRequest(
    string? GrantType,
    string? ClientId,
    string? ClientSecret,
    string? Code,
    string? RedirectUri,
    string? CodeVerifier,
    string? RefreshToken);

/// <summary>
/// OAuth 2.0 integrations (60 §3, §7): registration, the authorization-code grant with PKCE, refresh, and the
/// authorizations API. Codes, refresh tokens, access tokens and client secrets are stored as SHA-256 hashes only.
/// </summary>
public sealed partial class OAuthService(
    IDataStore store, TimeProvider time, TokenOptions options, TokenService tokens, CallerCache callers, ILogger<OAuthService> logger)
{
    public const string NotFound = "Authorization not found.";

    /// <summary>Registers an integration for a signed-in person; returns it with its client secret (shown once).</summary>
    public async Task<(Integration Integration, string ClientSecret)> RegisterAsync(
        Guid ownerId, string? name, IReadOnlyList<string> redirectUris, IReadOnlyList<string> scopes, string? description, string? iconUrl)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException("An integration needs a name.");
        }
        var uris = redirectUris.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (uris.Count == 0)
        {
            throw new ValidationException("An integration needs at least one redirect URI.");
        }
        foreach (var uri in uris)
        {
            // Absolute, no fragment (RFC 6749 §3.1.2); http is allowed for loopback and development servers.
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0 || parsed.Scheme is not ("https" or "http") && !parsed.Scheme.Contains('.'))
            {
                throw new ValidationException($"Invalid redirect URI: {uri}");
            }
        }
        if (scopes.Count == 0)
        {
            throw new ValidationException("An integration needs at least one scope.");
        }
        var unknown = scopes.Where(s => !Scopes.IsKnown(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException($"Unknown scope: {string.Join(", ", unknown)}");
        }
        if (iconUrl is { Length: > 0 } && !Uri.TryCreate(iconUrl, UriKind.Absolute, out _))
        {
            throw new ValidationException("The icon must be an absolute URL.");
        }
        var secret = TokenService.NewSecret();
        var integration = await store.WriteAsync(async s =>
        {
            var owner = await s.People.GetAsync(ownerId) ?? throw new UnauthorizedException();
            var created = new Integration
            {
                Id = Uuid7.New(),
                ClientId = "C" + TokenService.NewSecret(),
                SecretHash = TokenService.Hash(secret),
                OwnerId = owner.Id,
                OrgId = owner.OrgId,
                Name = name.Trim(),
                Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
                IconUrl = string.IsNullOrWhiteSpace(iconUrl) ? null : iconUrl.Trim(),
                RedirectUris = string.Join('\n', uris),
                Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal)),
                Created = time.UtcNowMs(),
            };
            s.OAuth.AddIntegration(created);
            return created;
        });
        return (integration, secret);
    }

    public Task<IReadOnlyList<Integration>> ListOwnedAsync(Guid ownerId) => store.ReadAsync(s => s.OAuth.ListIntegrationsAsync(ownerId));

    /// <summary>A new client secret for the owner's integration; the old one stops working at once.</summary>
    public async Task<string> RegenerateSecretAsync(Guid ownerId, Guid integrationId)
    {
        var secret = TokenService.NewSecret();
        await store.WriteAsync(async s =>
        {
            var integration = await s.OAuth.GetIntegrationAsync(integrationId);
            if (integration is null || integration.OwnerId != ownerId)
            {
                throw new NotFoundException("Integration not found.");
            }
            integration.SecretHash = TokenService.Hash(secret);
            return true;
        });
        return secret;
    }

    /// <summary>Deletes the owner's integration and everything issued to it.</summary>
    public async Task DeleteIntegrationAsync(Guid ownerId, Guid integrationId)
    {
        await store.WriteAsync(async s =>
        {
            var integration = await s.OAuth.GetIntegrationAsync(integrationId);
            if (integration is null || integration.OwnerId != ownerId)
            {
                throw new NotFoundException("Integration not found.");
            }
            await s.OAuth.DeleteIntegrationAsync(integrationId);
            await s.Webhooks.DeleteByAppAsync(integrationId, null);
            return true;
        });
        callers.Clear();
    }

    /// <summary>Checks an authorize request in the order of 60 §3.2: client, redirect URI, then the rest.</summary>
    public async Task<AuthorizeCheck> CheckAuthorizeAsync(AuthorizeRequest request)
    {
        var integration = string.IsNullOrWhiteSpace(request.ClientId)
            ? null
            : await store.ReadAsync(s => s.OAuth.GetIntegrationByClientIdAsync(request.ClientId.Trim()));
        if (integration is null)
        {
            return new AuthorizeCheck(null, "The client_id is missing or unknown.", null, []);
        }
        if (string.IsNullOrEmpty(request.RedirectUri) || !integration.RedirectUriList.Contains(request.RedirectUri, StringComparer.Ordinal))
        {
            return new AuthorizeCheck(integration, "The redirect_uri is missing or is not registered for this integration.", null, []);
        }
        if (request.ResponseType != "code")
        {
            return Redirect(integration, "unsupported_response_type", "Only response_type=code is supported.");
        }
        var scopes = Scopes.Parse(request.Scope);
        if (scopes.Count == 0)
        {
            return Redirect(integration, "invalid_scope", "The scope parameter is required.");
        }
        var notRegistered = scopes.Where(s => !integration.ScopeList.Contains(s, StringComparer.Ordinal)).ToList();
        if (notRegistered.Count > 0)
        {
            return Redirect(integration, "invalid_scope", $"Scope not registered for this integration: {string.Join(" ", notRegistered)}");
        }
        if (request.CodeChallenge is not null)
        {
            var method = request.CodeChallengeMethod ?? "plain";
            if (method is not ("S256" or "plain"))
            {
                return Redirect(integration, "invalid_request", "code_challenge_method must be S256 or plain.");
            }
            if (!IsPkceString(request.CodeChallenge))
            {
                return Redirect(integration, "invalid_request", "code_challenge must be 43 to 128 unreserved characters.");
            }
        }
        return new AuthorizeCheck(integration, null, null, scopes);
    }

    private static AuthorizeCheck Redirect(Integration integration, string error, string description) =>
        new(integration, null, new OAuthError(302, error, description), []);

    /// <summary>After consent: a single-use code bound to client, redirect URI, person, scopes and PKCE challenge.</summary>
    public async Task<string> IssueCodeAsync(Guid personId, Integration integration, AuthorizeRequest request, IReadOnlyList<string> scopes)
    {
        var code = TokenService.NewSecret();
        await store.WriteAsync(s =>
        {
            s.OAuth.AddCode(new AuthorizationCode
            {
                Id = Uuid7.New(),
                Hash = TokenService.Hash(code),
                IntegrationId = integration.Id,
                PersonId = personId,
                RedirectUri = request.RedirectUri!,
                Scopes = string.Join(' ', scopes),
                CodeChallenge = request.CodeChallenge,
                CodeChallengeMethod = request.CodeChallenge is null ? null : request.CodeChallengeMethod ?? "plain",
                ExpiresAt = time.UtcNowMs() + options.AuthorizationCodeLifetime,
            });
            return Task.FromResult(true);
        });
        return code;
    }

    /// <summary>The token endpoint: authorization_code and refresh_token grants (60 §3.3).</summary>
    public async Task<TokenResult> TokenAsync(TokenRequest request)
    {
        if (string.IsNullOrEmpty(request.GrantType))
        {
            return TokenResult.Fail(400, "invalid_request", "The grant_type parameter is required.");
        }
        if (request.GrantType is not ("authorization_code" or "refresh_token"))
        {
            return TokenResult.Fail(400, "unsupported_grant_type", $"Unsupported grant_type: {request.GrantType}");
        }
        if (string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.ClientSecret))
        {
            return TokenResult.Fail(400, "invalid_request", "Client authentication needs client_id and client_secret, in the body or with HTTP Basic.");
        }
        var integration = await store.ReadAsync(s => s.OAuth.GetIntegrationByClientIdAsync(request.ClientId));
        // Hash even for an unknown client so both failures take the same time.
        var secretMatches = TokenService.MatchesHash(request.ClientSecret, integration?.SecretHash ?? new string('0', 64));
        if (integration is null || !secretMatches)
        {
            return TokenResult.Fail(401, "invalid_client", "Client authentication failed.");
        }
        return request.GrantType == "authorization_code"
            ? await ExchangeCodeAsync(integration, request)
            : await RefreshAsync(integration, request);
    }

    private async Task<TokenResult> ExchangeCodeAsync(Integration integration, TokenRequest request)
    {
        if (string.IsNullOrEmpty(request.Code))
        {
            return TokenResult.Fail(400, "invalid_request", "The code parameter is required.");
        }
        if (string.IsNullOrEmpty(request.RedirectUri))
        {
            return TokenResult.Fail(400, "invalid_request", "The redirect_uri parameter is required.");
        }
        var now = time.UtcNowMs();
        var refresh = TokenService.NewSecret();
        return await store.WriteAsync(async s =>
        {
            // Taken (deleted) before any check: a code is spent by its first presentation, right or wrong.
            var code = await s.OAuth.TakeCodeAsync(TokenService.Hash(request.Code));
            if (code is null || code.IntegrationId != integration.Id)
            {
                return TokenResult.Fail(400, "invalid_grant", "Authorization code is invalid or has already been used.");
            }
            if (code.ExpiresAt <= now)
            {
                return TokenResult.Fail(400, "invalid_grant", "Authorization code expired.");
            }
            if (!string.Equals(code.RedirectUri, request.RedirectUri, StringComparison.Ordinal))
            {
                return TokenResult.Fail(400, "invalid_grant", "redirect_uri does not match the authorization request.");
            }
            if (code.CodeChallenge is not null && !PkceMatches(code.CodeChallenge, code.CodeChallengeMethod!, request.CodeVerifier))
            {
                return TokenResult.Fail(400, "invalid_grant", "code_verifier does not match the code challenge.");
            }
            var person = await s.People.GetAsync(code.PersonId);
            if (person is null || !person.LoginEnabled)
            {
                return TokenResult.Fail(400, "invalid_grant", "The person who consented can no longer sign in.");
            }
            var grant = new OAuthGrant
            {
                Id = Uuid7.New(),
                IntegrationId = integration.Id,
                PersonId = person.Id,
                OrgId = person.OrgId,
                Scopes = code.Scopes,
                RefreshHash = TokenService.Hash(refresh),
                RefreshExpiresAt = now + options.RefreshTokenLifetime,
                Created = now,
            };
            s.OAuth.AddGrant(grant);
            return new TokenResult(Issue(s, person, grant, refresh, now), null);
        });
    }

    private async Task<TokenResult> RefreshAsync(Integration integration, TokenRequest request)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return TokenResult.Fail(400, "invalid_request", "The refresh_token parameter is required.");
        }
        var now = time.UtcNowMs();
        return await store.WriteAsync(async s =>
        {
            var grant = await s.OAuth.GetGrantByRefreshHashAsync(TokenService.Hash(request.RefreshToken));
            if (grant is null || grant.IntegrationId != integration.Id || grant.RefreshExpiresAt <= now)
            {
                return TokenResult.Fail(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
            }
            var person = await s.People.GetAsync(grant.PersonId);
            if (person is null || !person.LoginEnabled)
            {
                return TokenResult.Fail(400, "invalid_grant", "The person who consented can no longer sign in.");
            }
            // Same refresh value, window renewed from now; always a new access token (60 §3.3, README gap 2).
            grant.RefreshExpiresAt = now + options.RefreshTokenLifetime;
            return new TokenResult(Issue(s, person, grant, request.RefreshToken, now), null);
        });
    }

    private OAuthTokenResponse Issue(IStoreSession s, Person person, OAuthGrant grant, string refresh, DateTime now)
    {
        var token = tokens.NewTokenString(person.OrgId);
        s.Tokens.Add(new AccessToken
        {
            Id = Uuid7.New(),
            Hash = TokenService.Hash(token),
            PersonId = person.Id,
            Kind = TokenKind.Integration,
            Scopes = grant.Scopes,
            Created = now,
            ExpiresAt = now + options.IntegrationTokenLifetime,
            GrantId = grant.Id,
        });
        return new OAuthTokenResponse(
            token,
            (long)options.IntegrationTokenLifetime.TotalSeconds,
            refresh,
            (long)(grant.RefreshExpiresAt - now).TotalSeconds,
            "Bearer",
            grant.Scopes);
    }

    /// <summary>RFC 7636 §4.2: S256 compares BASE64URL(SHA256(verifier)) with the challenge; plain compares them directly.</summary>
    public static bool PkceMatches(string challenge, string method, string? verifier)
    {
        if (verifier is null || !IsPkceString(verifier))
        {
            return false;
        }
        var expected = method == "S256"
            ? System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    /// <summary>43–128 characters of <c>[A-Za-z0-9-._~]</c> (RFC 7636 §4.1).</summary>
    private static bool IsPkceString(string value) =>
        value.Length is >= 43 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    /// <summary>RFC 7009 revocation by the integration holding the token; unknown tokens are not an error.</summary>
    public async Task<OAuthError?> RevokeTokenAsync(string? clientId, string? clientSecret, string? token)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            return new OAuthError(400, "invalid_request", "Client authentication needs client_id and client_secret.");
        }
        if (string.IsNullOrEmpty(token))
        {
            return new OAuthError(400, "invalid_request", "The token parameter is required.");
        }
        var integration = await store.ReadAsync(s => s.OAuth.GetIntegrationByClientIdAsync(clientId));
        if (integration is null || !TokenService.MatchesHash(clientSecret, integration.SecretHash))
        {
            return new OAuthError(401, "invalid_client", "Client authentication failed.");
        }
        var hash = TokenService.Hash(token);
        await store.WriteAsync(async s =>
        {
            var grant = await s.OAuth.GetGrantByRefreshHashAsync(hash);
            if (grant is not null && grant.IntegrationId == integration.Id)
            {
                await RevokeGrantAsync(s, grant);
                return true;
            }
            var access = await s.Tokens.GetByHashAsync(hash);
            if (access?.GrantId is { } grantId && await s.OAuth.GetGrantAsync(grantId) is { } owner && owner.IntegrationId == integration.Id)
            {
                await s.Tokens.DeleteAsync(access.Id);
            }
            return true;
        });
        callers.Clear();
        return null;
    }

    /// <summary><c>GET /v1/authorizations</c>: the person's grants; self or an administrator of the person's org.</summary>
    public async Task<IReadOnlyList<Wire.Authorization>> ListAsync(Caller caller, string? personId, string? personEmail)
    {
        if (string.IsNullOrWhiteSpace(personId) && string.IsNullOrWhiteSpace(personEmail))
        {
            throw new ValidationException("personId or personEmail is required.");
        }
        return await store.ReadAsync(async s =>
        {
            Person? person = !string.IsNullOrWhiteSpace(personId)
                ? Ids.Decode(personId, WebexIdType.Person, "personId") is { } id ? await s.People.GetAsync(id) : null
                : await s.People.GetByEmailAsync(personEmail!);
            if (person is null || (person.Id != caller.PersonId && !(caller.IsAnyAdmin && caller.OrgId == person.OrgId)))
            {
                throw new NotFoundException(PeopleService.NotFound);
            }
            var grants = await s.OAuth.ListGrantsForPersonAsync(person.Id);
            var integrations = (await s.OAuth.GetIntegrationsAsync(grants.Select(g => g.IntegrationId).Distinct().ToList())).ToDictionary(i => i.Id);
            return grants.Where(g => integrations.ContainsKey(g.IntegrationId)).Select(g => new Wire.Authorization(
                WebexId.Encode(WebexIdType.Authorization, g.Id),
                WebexId.Encode(WebexIdType.Application, g.IntegrationId),
                integrations[g.IntegrationId].Name,
                Ids.Person(g.PersonId),
                integrations[g.IntegrationId].ClientId,
                g.Created,
                "refresh")).ToList();
        });
    }

    /// <summary>Revokes one grant and every token derived from it; self or an administrator of the grant's org.</summary>
    public async Task RevokeAsync(Caller caller, string authorizationId)
    {
        var id = Ids.Require(authorizationId, WebexIdType.Authorization, "authorizationId", NotFound);
        await store.WriteAsync(async s =>
        {
            var grant = await s.OAuth.GetGrantAsync(id);
            if (grant is null || (grant.PersonId != caller.PersonId && !(caller.IsPeopleAdmin && caller.OrgId == grant.OrgId)))
            {
                throw new NotFoundException(NotFound);
            }
            await RevokeGrantAsync(s, grant);
            return true;
        });
        // Resolved callers of the revoked tokens must not outlive the revocation.
        callers.Clear();
        LogGrantRevoked(logger, id, caller.PersonId);
    }

    /// <summary>Revokes every grant of a client in an org (default: the caller's); administrators only.</summary>
    public async Task RevokeClientAsync(Caller caller, string? clientId, string? orgId)
    {
        if (!caller.IsPeopleAdmin)
        {
            throw new ForbiddenException("Only administrators may revoke an integration for the organization.");
        }
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new ValidationException("clientId is required.");
        }
        var org = Ids.Optional(orgId, WebexIdType.Organization, "orgId", "Organization not found.") ?? caller.OrgId;
        if (org != caller.OrgId)
        {
            throw new ForbiddenException("Administrators may revoke authorizations of their own organization only.");
        }
        var integrationId = await store.WriteAsync(async s =>
        {
            var integration = await s.OAuth.GetIntegrationByClientIdAsync(clientId.Trim()) ?? throw new NotFoundException("Integration not found.");
            foreach (var grant in await s.OAuth.ListGrantsForIntegrationAsync(integration.Id, org))
            {
                await RevokeGrantAsync(s, grant);
            }
            return integration.Id;
        });
        callers.Clear();
        LogClientRevoked(logger, integrationId, org, caller.PersonId);
    }

    // IDs only: tokens, codes and secrets are never logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "Authorization {GrantId} revoked by person {PersonId}")]
    private static partial void LogGrantRevoked(ILogger logger, Guid grantId, Guid personId);

    [LoggerMessage(Level = LogLevel.Information, Message = "All authorizations of integration {IntegrationId} in org {OrgId} revoked by person {PersonId}")]
    private static partial void LogClientRevoked(ILogger logger, Guid integrationId, Guid orgId, Guid personId);

    /// <summary>A revoked grant takes its tokens and the webhooks its application created for that person (80 §5).</summary>
    private static async Task RevokeGrantAsync(IStoreSession s, OAuthGrant grant)
    {
        await s.OAuth.DeleteGrantAsync(grant.Id);
        await s.Webhooks.DeleteByAppAsync(grant.IntegrationId, grant.PersonId);
    }
}
