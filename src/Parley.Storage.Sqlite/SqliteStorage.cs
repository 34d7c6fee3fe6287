using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Parley.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>
    /// Process-wide SQLite settings, applied before the first connection opens (SQLite accepts them only then).
    /// Multi-thread mode drops the per-connection mutex that every API call would take: Parley never uses one
    /// connection from two threads at once (each read session rents its own, one writer owns the other). Without
    /// memory statistics, allocations skip a global mutex that threads otherwise contend on.
    /// </summary>
    static SqliteStorage()
    {
        SQLitePCL.Batteries_V2.Init();
        // SQLITE_MISUSE means SQLite is already initialized in this process (something opened a connection first):
        // it then keeps its default, serialized mode, which is slower but equally correct.
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
        // After the settings: registering a VFS initializes SQLite, which then takes no more of them.
        WriteCoalescing.Register();
    }

    private const int BusyTimeoutSeconds = 30;

    /// <summary>
    /// How long a statement waits for a lock held by another connection (another process, or WAL recovery), for
    /// the statements Parley prepares itself; Microsoft.Data.Sqlite's own commands wait the same from the connection string.
    /// </summary>
    internal const string BusyTimeoutPragma = "PRAGMA busy_timeout = 30000;"; // BusyTimeoutSeconds, in milliseconds

    /// <summary>Connection string of the database file <c>parley.db</c> in the data directory.</summary>
    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "parley.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = BusyTimeoutSeconds,
    }.ToString();

    /// <summary>
    /// EF Core's SQLite migrations rebuild a table to change it, between <c>PRAGMA foreign_keys</c> statements that
    /// SQLite ignores inside a transaction, and EF warns that those run outside the migration's transaction. They
    /// only set the connection's foreign-key checks, so an interrupted migration leaves nothing half applied: the
    /// warning, printed on every fresh database's first start, says nothing an operator could act on.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name))
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<ParleyDbContext>
{
    public ParleyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ParleyDbContext>();
        SqliteStorage.Configure(options, "Data Source=design.db");
        return new ParleyDbContext(options.Options);
    }
}
