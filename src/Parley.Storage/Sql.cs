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
/// One statement of a hot path, run as a raw command instead of an EF Core query: EF's per-query work (expression
/// funcletizing, cache lookup, shaper delegates) costs tens of microseconds, the lookup itself one or two. The text
/// is the same on every provider (snake_case columns, <c>@name</c> parameters); each provider prepares and binds it
/// its own way (<see cref="SqlProvider.Prepare"/>). Parameters are set by position, in the order declared here.
/// </summary>
public sealed class SqlStatement(string text, params (string Name, SqlType Type)[] parameters)
{
    public string Text { get; } = text;

    public IReadOnlyList<(string Name, SqlType Type)> Parameters { get; } = parameters;

    /// <summary>
    /// For an INSERT run with <see cref="RawCommand.ExecuteInsertAsync"/>: the column whose generated value it returns.
    /// Each provider fetches it its own way (PostgreSQL appends <c>RETURNING</c>; on SQLite it must be the table's
    /// <c>INTEGER PRIMARY KEY</c>, read back as the last inserted row ID).
    /// </summary>
    public string? GeneratedKey { get; init; }

    /// <summary>A comma-separated column list with each column qualified by a table alias, for joins.</summary>
    public static string Qualified(string alias, string columns) => string.Join(", ", columns.Split(", ").Select(c => $"{alias}.{c}"));
}

/// <summary>A provider's side of raw statements: open connections for read sessions, and prepared commands.</summary>
public abstract class SqlProvider : IAsyncDisposable
{
    /// <summary>An open connection for one read session; handed back with <see cref="ReturnAsync"/>.</summary>
    public abstract ValueTask<RawConnection> RentAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnAsync(RawConnection connection);

    /// <summary>The statement prepared on <paramref name="connection"/>, with its parameters typed for this provider.</summary>
    public abstract RawCommand Prepare(DbConnection connection, SqlStatement statement);

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
/// A raw statement prepared on one connection. Parameters are set by position, in the order the statement declares
/// them; a command runs one execution at a time (its reader must be disposed before it runs again).
/// </summary>
public abstract class RawCommand : IAsyncDisposable
{
    /// <summary>The transaction the next execution belongs to, where the provider needs to be told.</summary>
    public virtual DbTransaction? Transaction { get; set; }

    /// <summary>Sets a parameter: null, a <see cref="Guid"/>, string, long, int or bool.</summary>
    public abstract void Set(int index, object? value);

    public abstract ValueTask<RawReader> ExecuteReaderAsync();

    /// <summary>Runs the statement; the number of rows an INSERT, UPDATE or DELETE changed.</summary>
    public abstract ValueTask<int> ExecuteNonQueryAsync();

    /// <summary>Runs an INSERT of one row; the value of its statement's <see cref="SqlStatement.GeneratedKey"/>.</summary>
    public abstract ValueTask<long> ExecuteInsertAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>The rows of one execution of a <see cref="RawCommand"/>, read forward only.</summary>
public abstract class RawReader : IAsyncDisposable
{
    public abstract ValueTask<bool> ReadAsync();

    public abstract bool IsDBNull(int ordinal);

    public abstract long GetInt64(int ordinal);

    public abstract int GetInt32(int ordinal);

    public abstract bool GetBoolean(int ordinal);

    public abstract string GetString(int ordinal);

    public abstract Guid GetGuid(int ordinal);

    public abstract ValueTask DisposeAsync();

    /// <summary>A timestamp stored as Unix milliseconds, as in the EF model.</summary>
    public DateTime GetTime(int ordinal) => ParleyDbContext.FromUnixMilliseconds(GetInt64(ordinal));

    public DateTime? GetNullableTime(int ordinal) => IsDBNull(ordinal) ? null : GetTime(ordinal);

    public Guid? GetNullableGuid(int ordinal) => IsDBNull(ordinal) ? null : GetGuid(ordinal);

    public string? GetNullableString(int ordinal) => IsDBNull(ordinal) ? null : GetString(ordinal);

    public long? GetNullableInt64(int ordinal) => IsDBNull(ordinal) ? null : GetInt64(ordinal);
}

/// <summary>A raw command through ADO.NET, for providers whose client library reads rows without per-column native calls.</summary>
public sealed class AdoRawCommand(DbCommand command) : RawCommand
{
    public override DbTransaction? Transaction
    {
        get => command.Transaction;
        set => command.Transaction = value;
    }

    public override void Set(int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    public override async ValueTask<RawReader> ExecuteReaderAsync() => new Reader(await command.ExecuteReaderAsync());

    public override async ValueTask<int> ExecuteNonQueryAsync() => await command.ExecuteNonQueryAsync();

    public override async ValueTask<long> ExecuteInsertAsync() =>
        Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

    public override ValueTask DisposeAsync() => command.DisposeAsync();

    private sealed class Reader(DbDataReader reader) : RawReader
    {
        public override async ValueTask<bool> ReadAsync() => await reader.ReadAsync();

        public override bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);

        public override long GetInt64(int ordinal) => reader.GetInt64(ordinal);

        public override int GetInt32(int ordinal) => reader.GetInt32(ordinal);

        public override bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);

        public override string GetString(int ordinal) => reader.GetString(ordinal);

        public override Guid GetGuid(int ordinal) => reader.GetGuid(ordinal);

        public override ValueTask DisposeAsync() => reader.DisposeAsync();
    }
}

/// <summary>
/// An open connection and the commands prepared on it, kept per statement, so a long-lived connection parses each
/// statement once.
/// </summary>
public sealed class RawConnection(DbConnection connection, SqlProvider provider) : IAsyncDisposable
{
    private readonly Dictionary<SqlStatement, RawCommand> _commands = [];

    public DbConnection Connection { get; } = connection;

    public SqlProvider Provider { get; } = provider;

    /// <summary>The statement's command on this connection, enlisted in <paramref name="transaction"/>.</summary>
    public RawCommand Command(SqlStatement statement, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = Provider.Prepare(Connection, statement);
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

/// <summary>Timestamps are bound as Unix milliseconds, as in the EF model.</summary>
public static class SqlValues
{
    public static long Millis(DateTime value) => ParleyDbContext.ToUnixMilliseconds(value);

    public static long? Millis(DateTime? value) => value is { } v ? ParleyDbContext.ToUnixMilliseconds(v) : null;
}
