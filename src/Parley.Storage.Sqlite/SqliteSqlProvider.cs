using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Raw statements on SQLite, prepared directly on the connection's handle (<see cref="SqliteRawCommand"/>): read
/// sessions take a connection that stays open with its prepared statements.
/// </summary>
internal sealed class SqliteSqlProvider : SqlProvider
{
    private readonly RawConnectionPool _pool;

    public SqliteSqlProvider(string connectionString) =>
        _pool = new RawConnectionPool(() =>
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var busyTimeout = connection.CreateCommand();
            busyTimeout.CommandText = SqliteStorage.BusyTimeoutPragma;
            busyTimeout.ExecuteNonQuery();
            return connection;
        }, maxIdle: 32);

    public override ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_pool.Rent(this));

    public override ValueTask ReturnAsync(RawConnection connection) => _pool.ReturnAsync(connection);

    public override RawCommand Prepare(DbConnection connection, SqlStatement statement) =>
        new SqliteRawCommand((SqliteConnection)connection, statement);

    public override async ValueTask DisposeAsync()
    {
        await _pool.ClearAsync();
        await base.DisposeAsync();
    }
}
