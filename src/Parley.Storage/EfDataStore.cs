using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

/// <summary>
/// Shared read path and exception translation for the EF Core providers. Reads use pooled, non-tracking
/// contexts, created only when a store needs EF (the hot statements run raw, see <see cref="SqlStatement"/>);
/// each provider decides how writes are committed.
/// </summary>
public abstract class EfDataStore(IDbContextFactory<ParleyDbContext> contexts, SqlProvider sql) : IDataStore, IAsyncDisposable
{
    protected IDbContextFactory<ParleyDbContext> Contexts { get; } = contexts;

    /// <summary>Connections and parameter binding for the raw statements.</summary>
    protected SqlProvider Sql { get; } = sql;

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var context = new StoreContext(CreateReadContext, Sql, cancellationToken);
        return await work(new EfStoreSession(context));
    }

    private ParleyDbContext CreateReadContext()
    {
        var db = Contexts.CreateDbContext();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        OpenReadContext(db);
        return db;
    }

    /// <summary>Prepares a read session's context; SQLite opens its connection once here rather than once per query.</summary>
    protected virtual void OpenReadContext(ParleyDbContext db)
    {
    }

    /// <summary>The connection string a context factory's contexts use (for the raw statements' own connections).</summary>
    protected static string ConnectionStringOf(IDbContextFactory<ParleyDbContext> contexts)
    {
        using var db = contexts.CreateDbContext();
        return db.Database.GetConnectionString() ?? throw new InvalidOperationException("The store's contexts have no connection string.");
    }

    public abstract Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Applies the provider's migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Finishes pending writes.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Sql.DisposeAsync();
    }

    /// <summary>Whether the exception reports a unique-key violation (a concurrent duplicate).</summary>
    protected abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Turns a concurrent duplicate into the domain's conflict; everything else passes through.</summary>
    protected Exception Translate(Exception exception) =>
        exception is DbUpdateException && IsUniqueViolation(exception.InnerException ?? exception)
            ? new ConflictException("The object already exists.")
            : exception;
}
