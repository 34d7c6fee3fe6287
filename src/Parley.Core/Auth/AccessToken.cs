namespace Parley.Core;

public enum TokenKind
{
    Personal,
    Bot,
    Integration,
}

/// <summary>A bearer token, stored only as the SHA-256 hash of its secret.</summary>
public sealed class AccessToken
{
    public Guid Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token string.</summary>
    public required string Hash { get; set; }

    public Guid PersonId { get; set; }

    public TokenKind Kind { get; set; }

    /// <summary>Space-separated scopes.</summary>
    public required string Scopes { get; set; }

    public DateTime Created { get; set; }

    public DateTime? ExpiresAt { get; set; }

    /// <summary>The OAuth grant an integration token was minted from; revoking the grant removes the token.</summary>
    public Guid? GrantId { get; set; }
}

public interface ITokenStore
{
    Task<AccessToken?> GetByHashAsync(string hash);

    void Add(AccessToken token);

    Task DeleteAsync(Guid id);

    Task DeleteForPersonAsync(Guid personId);

    /// <summary>Removes the person's tokens of one kind (a regenerated personal or bot token revokes the old ones).</summary>
    Task DeleteForPersonAsync(Guid personId, TokenKind kind);
}
