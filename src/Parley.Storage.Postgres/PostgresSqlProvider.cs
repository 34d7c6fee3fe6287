using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Parley.Storage.Postgres;

/// <summary>Raw statements on PostgreSQL: read sessions take a connection from Npgsql's pool for their duration.</summary>
internal sealed class PostgresSqlProvider(string connectionString) : SqlProvider
{
    public override async ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new RawConnection(connection, this);
    }

    public override async ValueTask ReturnAsync(RawConnection connection)
    {
        await connection.DisposeAsync();
        await connection.Connection.DisposeAsync();
    }

    public override DbParameter CreateParameter(DbCommand command, string name, SqlType type) => new NpgsqlParameter(name, type switch
    {
        SqlType.Guid => NpgsqlDbType.Uuid,
        SqlType.Int64 => NpgsqlDbType.Bigint,
        SqlType.Int32 => NpgsqlDbType.Integer,
        SqlType.Bool => NpgsqlDbType.Boolean,
        _ => NpgsqlDbType.Text,
    });
}
