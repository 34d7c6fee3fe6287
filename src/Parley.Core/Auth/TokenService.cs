using System.Security.Cryptography;
using System.Text;

namespace Parley.Core;

public sealed class TokenOptions
{
    /// <summary>Lifetime of personal access tokens (Webex: 12 hours).</summary>
    public TimeSpan PersonalTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a resolved token is reused without asking the store; zero disables the cache.</summary>
    public TimeSpan CallerCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lifetime of integration access tokens (<c>expires_in</c>; 14 days by default).</summary>
    public TimeSpan IntegrationTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Lifetime of integration refresh tokens, renewed on every refresh (90 days by default).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Lifetime of OAuth authorization codes (single use).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The cluster segment of issued tokens (<c>secret_cluster_orgUuid</c>).</summary>
    public string Cluster { get; set; } = "PF84";
}

/// <summary>Issues and checks bearer tokens. Only SHA-256 hashes of tokens are stored.</summary>
public sealed class TokenService(IDataStore store, TimeProvider time, TokenOptions options, CallerCache cache)
{
    /// <summary>Scopes of a personal access token: the user's full scope set.</summary>
    public const string PersonalScopes = "spark:all spark:kms";

    /// <summary>
    /// A new token shaped like Webex's: <c>{64 hex}_{cluster}_{orgUuid}</c>. The JS SDK reads the organization
    /// from that shape; the secret is hex so the token always splits into exactly three parts.
    /// </summary>
    public string NewTokenString(Guid orgId) =>
        $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}_{options.Cluster}_{orgId:D}";

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool MatchesHash(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A random secret of letters and digits (hex), for codes, refresh tokens and client secrets.</summary>
    public static string NewSecret(int bytes = 32) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Replaces the person's personal (or bot) tokens with a new one; the old ones stop working at once.</summary>
    public async Task<string> RegenerateAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var token = await store.WriteAsync(async s =>
        {
            var person = await s.People.GetAsync(personId) ?? throw new NotFoundException("Could not find a person with provided ID.");
            await s.Tokens.DeleteForPersonAsync(personId, person.Type == PersonType.Bot ? TokenKind.Bot : TokenKind.Personal);
            return AddPersonalToken(s, person);
        }, cancellationToken);
        cache.Clear();
        return token;
    }

    /// <summary>When the presented token expires (null: never), or 401 if it is not valid.</summary>
    public async Task<DateTime?> ExpiryAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        var now = time.UtcNowMs();
        var stored = await store.ReadAsync(s => s.Tokens.GetByHashAsync(hash), cancellationToken);
        return stored is null || stored.ExpiresAt <= now ? throw new UnauthorizedException() : stored.ExpiresAt;
    }

    /// <summary>Stages a personal token for a person inside a write; returns the token string (shown once).</summary>
    public string AddPersonalToken(IStoreSession session, Person person, string? fixedToken = null)
    {
        var token = fixedToken ?? NewTokenString(person.OrgId);
        var now = time.UtcNowMs();
        session.Tokens.Add(new AccessToken
        {
            Id = Uuid7.New(),
            Hash = Hash(token),
            PersonId = person.Id,
            Kind = person.Type == PersonType.Bot ? TokenKind.Bot : TokenKind.Personal,
            Scopes = person.Type == PersonType.Bot ? string.Join(' ', Parley.Core.Scopes.Bot.Order(StringComparer.Ordinal)) : PersonalScopes,
            Created = now,
            ExpiresAt = person.Type == PersonType.Bot ? null : now + options.PersonalTokenLifetime,
        });
        return token;
    }

    /// <summary>Mints a personal token for the person with this email (a server-local admin task).</summary>
    public Task<string> MintForEmailAsync(string email, CancellationToken cancellationToken = default) =>
        store.WriteAsync(async s =>
        {
            var person = await s.People.GetByEmailAsync(email) ?? throw new NotFoundException($"No person has the email {email}.");
            return AddPersonalToken(s, person);
        }, cancellationToken);

    /// <summary>Resolves a bearer token to its caller, or throws 401.</summary>
    public async Task<Caller> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        var now = time.UtcNowMs();
        var fromCache = cache.TryGet(hash, now, out var entry);
        if (!fromCache)
        {
            entry = await store.ReadAsync(async s =>
            {
                var stored = await s.Tokens.GetByHashAsync(hash);
                if (stored is null || stored.ExpiresAt <= now)
                {
                    return null;
                }
                var person = await s.People.GetAsync(stored.PersonId);
                if (person is null || !person.LoginEnabled)
                {
                    return null;
                }
                var roles = await s.People.GetRolesAsync(person.Id);
                var scopes = Parley.Core.Scopes.Effective(stored.Kind, stored.Scopes, roles);
                var appId = stored.GrantId is { } grantId && await s.OAuth.GetGrantAsync(grantId) is { } grant
                    ? grant.IntegrationId
                    : BuiltInApps.DeveloperPortal;
                var caller = new Caller(person.Id, person.OrgId, person.Type, roles.ToHashSet(), scopes, person.Email, appId);
                return new CallerCache.Entry(caller, stored.ExpiresAt, person.LastActivity);
            }, cancellationToken) ?? throw new UnauthorizedException();
        }
        if (entry.LastActivity is null || entry.LastActivity < now.AddMinutes(-1))
        {
            // Presence is coarse (10 minutes); writing it at most once a minute keeps reads read-only.
            await store.WriteAsync(async s =>
            {
                await s.People.TouchAsync(entry.Caller.PersonId, now);
                return true;
            }, cancellationToken);
            entry = entry with { LastActivity = now };
            fromCache = false;
        }
        if (!fromCache)
        {
            cache.Set(hash, entry, now);
        }
        return entry.Caller;
    }
}
