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
}

public interface ITokenStore
{
    Task<AccessToken?> GetByHashAsync(string hash);

    void Add(AccessToken token);

    Task DeleteForPersonAsync(Guid personId);
}
