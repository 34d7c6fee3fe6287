using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

/// <summary>
/// Shared read path and exception translation for the EF Core providers. Reads use pooled, non-tracking
/// contexts; each provider decides how writes are committed.
/// </summary>
public abstract class EfDataStore(IDbContextFactory<ParleyDbContext> contexts) : IDataStore, IAsyncDisposable
{
    protected IDbContextFactory<ParleyDbContext> Contexts { get; } = contexts;

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        // One connection open per session rather than per query: opening runs provider set-up every time.
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await work(new EfStoreSession(db));
    }

    public abstract Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Applies the provider's migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Finishes pending writes.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the exception reports a unique-key violation (a concurrent duplicate).</summary>
    protected abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Turns a concurrent duplicate into the domain's conflict; everything else passes through.</summary>
    protected Exception Translate(Exception exception) =>
        exception is DbUpdateException && IsUniqueViolation(exception.InnerException ?? exception)
            ? new ConflictException("The object already exists.")
            : exception;
}
