using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;
using Parley.Core;

namespace Parley.Storage.Postgres;

/// <summary>
/// PostgreSQL: each write is its own transaction on its own pooled connection. PostgreSQL already
/// flushes concurrent commits together, so several server nodes can share the database. Outbox events commit in
/// sequence order (<see cref="PostgresSqlProvider.OutboxOrderLock"/>).
/// </summary>
public sealed class PostgresDataStore(IDbContextFactory<ParleyDbContext> contexts)
    : EfDataStore(contexts, new PostgresSqlProvider(ConnectionStringOf(contexts)))
{
    /// <summary>Attempts of a write that PostgreSQL aborts as a deadlock victim; write delegates touch only storage, so a rerun is safe.</summary>
    private const int DeadlockAttempts = 3;

    public override async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await using var raw = new RawConnection(db.Database.GetDbConnection(), Sql);
                var session = new EfStoreSession(new StoreContext(db, raw));
                var result = await work(session);
                await session.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < DeadlockAttempts && IsDeadlock(ex))
            {
                // The other transaction went on; this one starts over.
            }
            catch (DbUpdateException ex)
            {
                throw Translate(ex);
            }
        }
    }

    private static bool IsDeadlock(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }
        return false;
    }

    protected override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDataStore).Assembly.GetName().Name));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<ParleyDbContext>
{
    public ParleyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ParleyDbContext>();
        PostgresDataStore.Configure(options, "Host=localhost;Database=parley_design");
        return new ParleyDbContext(options.Options);
    }
}
