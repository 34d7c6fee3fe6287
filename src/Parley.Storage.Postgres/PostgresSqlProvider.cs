using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Parley.Storage.Postgres;

/// <summary>Raw statements on PostgreSQL: read sessions take a connection from Npgsql's pool for their duration.</summary>
internal sealed class PostgresSqlProvider(string connectionString) : SqlProvider
{
    /// <summary>
    /// Concurrent PostgreSQL transactions number their outbox rows at insert but may commit in any order. A write
    /// about to insert events first takes this transaction-scoped advisory lock, held until it commits or rolls
    /// back, so no event becomes visible before an earlier-numbered one and the event stream, which follows the
    /// sequence, never skips a late commit. The cost: event-producing commits are serialized.
    /// The key is arbitrary and application-wide ("ParleyOB").
    /// </summary>
    public override SqlStatement OutboxOrderLock { get; } = new("SELECT pg_advisory_xact_lock(5792036405659651906)");

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

    public override RawCommand Prepare(DbConnection connection, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.CommandText = statement.GeneratedKey is { } key ? $"{statement.Text} RETURNING {key}" : statement.Text;
        foreach (var (name, type) in statement.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type switch
            {
                SqlType.Guid => NpgsqlDbType.Uuid,
                SqlType.Int64 => NpgsqlDbType.Bigint,
                SqlType.Int32 => NpgsqlDbType.Integer,
                SqlType.Bool => NpgsqlDbType.Boolean,
                _ => NpgsqlDbType.Text,
            }));
        }
        return new AdoRawCommand(command);
    }
}
