using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Parley.Core;

namespace Parley.Storage.Postgres;

/// <summary>
/// Makes outbox events commit in sequence order on PostgreSQL, where concurrent transactions number their rows at
/// insert but may commit in any order. A transaction about to insert outbox events first takes a transaction-scoped
/// advisory lock, held until it commits or rolls back, so no event becomes visible before an earlier-numbered one.
/// The event stream then follows the sequence without skipping a late commit. The cost: event-producing commits
/// are serialized (PostgreSQL still overlaps everything before the final insert).
/// </summary>
internal sealed class OutboxOrderInterceptor : SaveChangesInterceptor
{
    /// <summary>An arbitrary application-wide key ("ParleyOB").</summary>
    private const long LockKey = 0x5061726C65794F42;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries<OutboxEvent>().Any(e => e.State == EntityState.Added))
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey], cancellationToken);
        }
        return result;
    }
}
