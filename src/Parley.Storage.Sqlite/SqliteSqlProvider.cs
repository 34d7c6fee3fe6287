using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Raw statements on SQLite, prepared directly on the connection's handle (<see cref="SqliteRawCommand"/>): read
/// sessions take a connection that stays open with its prepared statements.
/// </summary>
internal sealed class SqliteSqlProvider : SqlProvider
{
    private static readonly SqlStatement Begin = new("BEGIN");
    private static readonly SqlStatement Commit = new("COMMIT");

    private readonly RawConnectionPool _pool;

    public SqliteSqlProvider(string connectionString) =>
        _pool = new RawConnectionPool(() => Open(connectionString), maxIdle: 32);

    /// <summary>A connection for read sessions, open and configured.</summary>
    internal static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var busyTimeout = connection.CreateCommand();
        busyTimeout.CommandText = SqliteStorage.BusyTimeoutPragma;
        busyTimeout.ExecuteNonQuery();
        // The query planner's stability guarantee: without it SQLite re-plans a statement on every execution that
        // binds its LIMIT parameter (it plans with the bound value), which parsed each page query again per request.
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        return connection;
    }

    public override async ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken)
    {
        var connection = _pool.Rent(this);
        // A read session is one read transaction: its statements see one snapshot, and take the WAL's read lock once
        // rather than once each.
        await connection.Command(Begin, null).ExecuteNonQueryAsync();
        return connection;
    }

    public override async ValueTask ReturnAsync(RawConnection connection)
    {
        await connection.Command(Commit, null).ExecuteNonQueryAsync();
        await _pool.ReturnAsync(connection);
    }

    public override RawCommand Prepare(DbConnection connection, SqlStatement statement) =>
        new SqliteRawCommand((SqliteConnection)connection, statement);

    public override async ValueTask DisposeAsync()
    {
        await _pool.ClearAsync();
        await base.DisposeAsync();
    }
}
