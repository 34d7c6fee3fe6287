namespace Parley.Core;

/// <summary>A person's sign-in password, stored as a <c>PasswordHasher</c> hash, with the lockout counter.</summary>
public sealed class PasswordCredential
{
    public Guid PersonId { get; set; }

    public required string Hash { get; set; }

    /// <summary>Failed attempts since the last success or lockout.</summary>
    public int FailedAttempts { get; set; }

    public DateTime? LockedUntil { get; set; }

    public DateTime Changed { get; set; }
}

/// <summary>A one-time set-password link (an invitation), stored as the SHA-256 hash of its secret.</summary>
public sealed class PasswordTicket
{
    public Guid Id { get; set; }

    public required string Hash { get; set; }

    public Guid PersonId { get; set; }

    public DateTime ExpiresAt { get; set; }
}

/// <summary>Who created a bot; that person manages it (regenerates its token).</summary>
public sealed class BotOwner
{
    public Guid BotId { get; set; }

    public Guid OwnerId { get; set; }

    public DateTime Created { get; set; }
}

public interface IAccountStore
{
    Task<PasswordCredential?> GetPasswordAsync(Guid personId);

    void AddPassword(PasswordCredential credential);

    void AddTicket(PasswordTicket ticket);

    Task<PasswordTicket?> GetTicketAsync(string hash);

    /// <summary>Removes and returns the ticket with this hash; null if unknown or already used.</summary>
    Task<PasswordTicket?> TakeTicketAsync(string hash);

    void AddBotOwner(BotOwner owner);

    Task<IReadOnlyList<Guid>> ListBotsAsync(Guid ownerId);

    Task<BotOwner?> GetBotOwnerAsync(Guid botId);

    /// <summary>Removes the person's password, tickets and bot ownership records.</summary>
    Task DeleteForPersonAsync(Guid personId);
}
