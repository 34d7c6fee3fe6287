using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A raw statement prepared straight on the connection's SQLite handle. Microsoft.Data.Sqlite reaches SQLite through
/// SQLitePCLRaw, which reference-counts a SafeHandle and makes a full GC transition on every call, and reads a
/// nullable column with three or four of them: a page of 50 messages cost ~2,700 such calls, the largest share of
/// the request's CPU. Here column reads and binds are direct calls without the transition (they only copy from or
/// into the statement); prepare, step, reset and finalize keep it, since they do I/O or take locks.
/// </summary>
internal sealed unsafe partial class SqliteRawCommand : RawCommand
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const int SqliteNull = 5;
    private const uint PreparePersistent = 0x01;
    private const int StackTextBytes = 512;

    /// <summary>SQLITE_TRANSIENT: SQLite copies a bound text before the call returns.</summary>
    private static readonly IntPtr Transient = -1;

    private readonly IntPtr _db;
    private readonly IntPtr _statement;
    private readonly int[] _parameterIndexes;
    private readonly RowReader _reader;

    public SqliteRawCommand(SqliteConnection connection, SqlStatement statement)
    {
        _db = connection.Handle?.DangerousGetHandle() ?? throw new InvalidOperationException("The connection is not open.");
        var text = Encoding.UTF8.GetBytes(statement.Text);
        fixed (byte* sql = text)
        {
            Check(Native.sqlite3_prepare_v3(_db, sql, text.Length, PreparePersistent, out _statement, IntPtr.Zero));
        }
        _parameterIndexes = [.. statement.Parameters.Select(p => ParameterIndex(statement, p.Name))];
        _reader = new RowReader(this);
    }

    private int ParameterIndex(SqlStatement statement, string name)
    {
        var index = Native.sqlite3_bind_parameter_index(_statement, Encoding.UTF8.GetBytes("@" + name + "\0"));
        return index > 0 ? index : throw new InvalidOperationException($"The statement has no parameter @{name}: {statement.Text}");
    }

    public override void Set(int index, object? value)
    {
        var parameter = _parameterIndexes[index];
        Check(value switch
        {
            null => Native.sqlite3_bind_null(_statement, parameter),
            Guid guid => BindGuid(parameter, guid),
            string text => BindText(parameter, text),
            long number => Native.sqlite3_bind_int64(_statement, parameter, number),
            int number => Native.sqlite3_bind_int64(_statement, parameter, number),
            bool flag => Native.sqlite3_bind_int64(_statement, parameter, flag ? 1 : 0),
            _ => throw new ArgumentException($"Cannot bind a {value.GetType().Name}.", nameof(value)),
        });
    }

    /// <summary>GUIDs are upper-case text, as EF Core stores them.</summary>
    private int BindGuid(int parameter, Guid guid)
    {
        Span<byte> text = stackalloc byte[36];
        guid.TryFormat(text, out _, "D");
        Ascii.ToUpperInPlace(text, out _);
        fixed (byte* bytes = text)
        {
            return Native.sqlite3_bind_text(_statement, parameter, bytes, text.Length, Transient);
        }
    }

    private int BindText(int parameter, string value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = maxBytes > StackTextBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[StackTextBytes] : rented;
            var length = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* bytes = buffer)
            {
                return Native.sqlite3_bind_text(_statement, parameter, bytes, length, Transient);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public override ValueTask<RawReader> ExecuteReaderAsync() => ValueTask.FromResult<RawReader>(_reader);

    public override ValueTask<int> ExecuteNonQueryAsync()
    {
        try
        {
            while (Step())
            {
            }
            return ValueTask.FromResult(Native.sqlite3_changes(_db));
        }
        finally
        {
            Native.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// The generated key is the row ID SQLite assigned, not a <c>RETURNING</c> clause: inside a transaction SQLite
    /// gives a statement with <c>RETURNING</c> a statement journal, which copied every page the insert changed and
    /// made a message insert half as expensive again.
    /// </summary>
    public override ValueTask<long> ExecuteInsertAsync()
    {
        try
        {
            if (Step())
            {
                throw new InvalidOperationException("An INSERT returned rows.");
            }
            return ValueTask.FromResult(Native.sqlite3_last_insert_rowid(_db));
        }
        finally
        {
            Native.sqlite3_reset(_statement);
        }
    }

    /// <summary>Advances to the next row: true on a row, false when done; errors throw as Microsoft.Data.Sqlite's would.</summary>
    private bool Step()
    {
        var result = Native.sqlite3_step(_statement);
        return result switch
        {
            SqliteRow => true,
            SqliteDone => false,
            _ => throw Error(result),
        };
    }

    private void Check(int result)
    {
        if (result != 0)
        {
            throw Error(result);
        }
    }

    private SqliteException Error(int result) =>
        new(Marshal.PtrToStringUTF8((IntPtr)Native.sqlite3_errmsg(_db)) ?? $"SQLite error {result}", result & 0xFF, Native.sqlite3_extended_errcode(_db));

    public override ValueTask DisposeAsync()
    {
        Native.sqlite3_finalize(_statement);
        return ValueTask.CompletedTask;
    }

    /// <summary>The rows of the command's current execution; disposing it resets the statement for the next one.</summary>
    private sealed class RowReader(SqliteRawCommand command) : RawReader
    {
        private IntPtr Statement => command._statement;

        public override ValueTask<bool> ReadAsync() => ValueTask.FromResult(command.Step());

        public override bool IsDBNull(int ordinal) => Native.sqlite3_column_type(Statement, ordinal) == SqliteNull;

        public override long GetInt64(int ordinal) => Native.sqlite3_column_int64(Statement, ordinal);

        public override int GetInt32(int ordinal) => Native.sqlite3_column_int(Statement, ordinal);

        public override bool GetBoolean(int ordinal) => Native.sqlite3_column_int64(Statement, ordinal) != 0;

        public override string GetString(int ordinal) => Encoding.UTF8.GetString(Text(ordinal));

        public override Guid GetGuid(int ordinal) =>
            Utf8Parser.TryParse(Text(ordinal), out Guid value, out _, 'D') ? value : throw new InvalidCastException($"Column {ordinal} is not a GUID.");

        /// <summary>The column as UTF-8, valid until the next step; NULL is not text.</summary>
        private ReadOnlySpan<byte> Text(int ordinal)
        {
            var text = Native.sqlite3_column_text(Statement, ordinal);
            return text is null
                ? throw new InvalidCastException($"Column {ordinal} is NULL.")
                : new ReadOnlySpan<byte>(text, Native.sqlite3_column_bytes(Statement, ordinal));
        }

        public override ValueTask DisposeAsync()
        {
            Native.sqlite3_reset(Statement);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The SQLite library Microsoft.Data.Sqlite loads (SQLitePCLRaw's e_sqlite3), called directly.</summary>
    private static partial class Native
    {
        private const string Library = "e_sqlite3";

        [LibraryImport(Library)]
        public static partial int sqlite3_prepare_v3(IntPtr db, byte* sql, int bytes, uint flags, out IntPtr statement, IntPtr tail);

        [LibraryImport(Library)]
        public static partial int sqlite3_step(IntPtr statement);

        [LibraryImport(Library)]
        public static partial int sqlite3_reset(IntPtr statement);

        [LibraryImport(Library)]
        public static partial int sqlite3_finalize(IntPtr statement);

        [LibraryImport(Library)]
        public static partial byte* sqlite3_errmsg(IntPtr db);

        [LibraryImport(Library)]
        public static partial int sqlite3_extended_errcode(IntPtr db);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_changes(IntPtr db);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial long sqlite3_last_insert_rowid(IntPtr db);

        [LibraryImport(Library)]
        public static partial int sqlite3_bind_parameter_index(IntPtr statement, byte[] name);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_bind_null(IntPtr statement, int index);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_column_type(IntPtr statement, int column);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial long sqlite3_column_int64(IntPtr statement, int column);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_column_int(IntPtr statement, int column);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial byte* sqlite3_column_text(IntPtr statement, int column);

        [LibraryImport(Library), SuppressGCTransition]
        public static partial int sqlite3_column_bytes(IntPtr statement, int column);
    }
}
