using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Raw statements on SQLite: read sessions take a connection that stays open with its prepared statements;
/// GUIDs are bound as upper-case text, as EF Core stores them.
/// </summary>
internal sealed class SqliteSqlProvider : SqlProvider
{
    private readonly RawConnectionPool _pool;

    public SqliteSqlProvider(string connectionString) =>
        _pool = new RawConnectionPool(() =>
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            return connection;
        }, maxIdle: 32);

    public override ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_pool.Rent(this));

    public override ValueTask ReturnAsync(RawConnection connection) => _pool.ReturnAsync(connection);

    public override DbParameter CreateParameter(DbCommand command, string name, SqlType type) => new SqliteParameter(name, type switch
    {
        SqlType.Guid or SqlType.Text => SqliteType.Text,
        _ => SqliteType.Integer,
    });

    public override async ValueTask DisposeAsync()
    {
        await _pool.ClearAsync();
        await base.DisposeAsync();
    }
}
