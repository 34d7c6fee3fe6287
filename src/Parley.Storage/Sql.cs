using System.Collections.Concurrent;
using System.Data.Common;

namespace Parley.Storage;

/// <summary>How a parameter of a raw statement is bound; the provider maps it to its own type.</summary>
public enum SqlType
{
    Guid,
    Int64,
    Int32,
    Text,
    Bool,
}

/// <summary>
/// One statement of a hot path, run as a raw ADO.NET command instead of an EF Core query: EF's per-query work
/// (expression funcletizing, cache lookup, shaper delegates) costs tens of microseconds, the lookup itself one or
/// two. The text is the same on every provider (snake_case columns, <c>@name</c> parameters); only parameter
/// binding differs. Parameters are set by position, in the order declared here.
/// </summary>
public sealed class SqlStatement(string text, params (string Name, SqlType Type)[] parameters)
{
    public string Text { get; } = text;

    public IReadOnlyList<(string Name, SqlType Type)> Parameters { get; } = parameters;
}

/// <summary>A provider's side of raw statements: open connections for read sessions, and parameter types.</summary>
public abstract class SqlProvider : IAsyncDisposable
{
    /// <summary>An open connection for one read session; handed back with <see cref="ReturnAsync"/>.</summary>
    public abstract ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnAsync(RawConnection connection);

    /// <summary>A parameter of the given type (for example SQLite keeps GUIDs as upper-case text, as EF Core does).</summary>
    public abstract DbParameter CreateParameter(DbCommand command, string name, SqlType type);

    /// <summary>
    /// Run before a write inserts outbox events, when the provider could otherwise commit them out of sequence
    /// order; null where writes already commit in order (SQLite's single writer).
    /// </summary>
    public virtual SqlStatement? OutboxOrderLock => null;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// An open connection and the commands created on it, kept per statement: SQLite prepares a command's statement on
/// first use and keeps it while the command lives, so a long-lived connection parses each statement once.
/// </summary>
public sealed class RawConnection(DbConnection connection, SqlProvider provider) : IAsyncDisposable
{
    private readonly Dictionary<SqlStatement, DbCommand> _commands = [];

    public DbConnection Connection { get; } = connection;

    public SqlProvider Provider { get; } = provider;

    /// <summary>The statement's command on this connection, enlisted in <paramref name="transaction"/>.</summary>
    public DbCommand Command(SqlStatement statement, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = statement.Text;
            foreach (var (name, type) in statement.Parameters)
            {
                command.Parameters.Add(Provider.CreateParameter(command, name, type));
            }
            _commands.Add(statement, command);
        }
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Disposes the commands; the connection belongs to whoever opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
        _commands.Clear();
    }
}

/// <summary>
/// Keeps opened connections (and so their prepared statements) for read sessions. Reads on SQLite run
/// synchronously, so only a few are in use at once; at most <paramref name="maxIdle"/> are kept.
/// </summary>
public sealed class RawConnectionPool(Func<DbConnection> open, int maxIdle)
{
    private readonly ConcurrentQueue<RawConnection> _idle = new();
    private int _idleCount;

    public RawConnection Rent(SqlProvider provider)
    {
        if (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }
        return new RawConnection(open(), provider);
    }

    public async ValueTask ReturnAsync(RawConnection connection)
    {
        if (Interlocked.Increment(ref _idleCount) <= maxIdle)
        {
            _idle.Enqueue(connection);
            return;
        }
        Interlocked.Decrement(ref _idleCount);
        await CloseAsync(connection);
    }

    public async ValueTask ClearAsync()
    {
        while (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            await CloseAsync(connection);
        }
    }

    private static async ValueTask CloseAsync(RawConnection connection)
    {
        await connection.DisposeAsync();
        await connection.Connection.DisposeAsync();
    }
}

/// <summary>Binding and reading helpers for raw statements; timestamps are Unix milliseconds, as in the EF model.</summary>
public static class SqlValues
{
    public static void Set(this DbCommand command, int index, object? value) =>
        command.Parameters[index].Value = value ?? DBNull.Value;

    public static long Millis(DateTime value) => ParleyDbContext.ToUnixMilliseconds(value);

    public static long? Millis(DateTime? value) => value is { } v ? ParleyDbContext.ToUnixMilliseconds(v) : null;

    public static DateTime GetTime(this DbDataReader reader, int ordinal) => ParleyDbContext.FromUnixMilliseconds(reader.GetInt64(ordinal));

    public static DateTime? GetNullableTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParleyDbContext.FromUnixMilliseconds(reader.GetInt64(ordinal));

    public static Guid? GetNullableGuid(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
