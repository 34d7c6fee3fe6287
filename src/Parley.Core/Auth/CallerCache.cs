using Microsoft.Extensions.Caching.Memory;

namespace Parley.Core;

/// <summary>
/// Resolved callers by token hash, for a few seconds: authenticating costs several queries and happens on every
/// request. Changes to who a person is (roles, sign-in, deletion, tokens) clear it on this node at once; other
/// nodes of a cluster see them within <see cref="TokenOptions.CallerCacheDuration"/>.
/// </summary>
public sealed class CallerCache(TokenOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public sealed record Entry(Caller Caller, DateTime? TokenExpiresAt, DateTime? LastActivity);

    public bool TryGet(string tokenHash, DateTime now, out Entry entry)
    {
        if (_cache.TryGetValue(tokenHash, out Entry? found) && found is not null && !(found.TokenExpiresAt <= now))
        {
            entry = found;
            return true;
        }
        entry = null!;
        return false;
    }

    public void Set(string tokenHash, Entry entry, DateTime now)
    {
        if (options.CallerCacheDuration <= TimeSpan.Zero)
        {
            return;
        }
        var expires = now + options.CallerCacheDuration;
        if (entry.TokenExpiresAt is { } tokenExpiry && tokenExpiry < expires)
        {
            expires = tokenExpiry;
        }
        _cache.Set(tokenHash, entry, new MemoryCacheEntryOptions { AbsoluteExpiration = expires, Size = 1 });
    }

    /// <summary>Forgets every cached caller; called after any change to people, roles or tokens.</summary>
    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();
}
