using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Core;
using Parley.Storage.Sqlite;
using System.Runtime.InteropServices;

namespace Parley.Storage.Tests;

/// <summary>Connection settings that keep SQLite's hot paths free of work a durable write or a page read does not need.</summary>
public sealed partial class SqliteConnectionTests
{
    /// <summary>SQLITE_STMTSTATUS_REPREPARE, which SQLitePCLRaw does not name (nor does it reach the statements it did not prepare).</summary>
    private const int StatusReprepare = 5;

    [Fact]
    public async Task A_page_statement_runs_with_new_limits_without_being_prepared_again()
    {
        await using var provider = new SqliteProvider();
        var connectionString = NewDatabase(provider, "statements");
        await using (var setup = new SqliteConnection(connectionString))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE items (id INTEGER PRIMARY KEY, room INTEGER); INSERT INTO items (room) VALUES (1), (1), (1);";
            create.ExecuteNonQuery();
        }
        await using var sql = new SqliteSqlProvider(connectionString);
        var page = new SqlStatement("SELECT id FROM items WHERE room = @room ORDER BY id DESC LIMIT @limit", ("room", SqlType.Int64), ("limit", SqlType.Int32));
        var connection = await sql.RentAsync(CancellationToken.None);

        // SQLite plans with the value bound to a LIMIT unless the planner's stability guarantee is on, and then
        // prepares the statement again each time a new one is bound.
        int[] rows = [await CountAsync(connection.Command(page, null), 1), await CountAsync(connection.Command(page, null), 2),
            await CountAsync(connection.Command(page, null), 3)];

        Assert.Equal([1, 2, 3], rows);
        var db = ((SqliteConnection)connection.Connection).Handle!.DangerousGetHandle();
        var (statements, reprepared) = (0, 0);
        for (var statement = Native.sqlite3_next_stmt(db, IntPtr.Zero); statement != IntPtr.Zero; statement = Native.sqlite3_next_stmt(db, statement))
        {
            statements++;
            reprepared += Native.sqlite3_stmt_status(statement, StatusReprepare, 0);
        }
        Assert.NotEqual(0, statements);
        Assert.Equal(0, reprepared);
        await sql.ReturnAsync(connection);
    }

    /// <summary>
    /// WAL writes are gathered per commit (<see cref="WriteCoalescing"/>): a transaction too big for the page cache
    /// spills uncommitted frames into the WAL and reads them back before it commits, and another connection then sees
    /// every row of the commit and a sound database, also when the commit is not synced (<c>synchronous=NORMAL</c>)
    /// and nothing but the commit itself puts its frames in the file.
    /// </summary>
    [Theory]
    [InlineData("FULL")]
    [InlineData("NORMAL")]
    public async Task A_transaction_that_spills_to_the_WAL_reads_its_pages_back_and_commits_whole(string synchronous)
    {
        await using var provider = new SqliteProvider();
        var connectionString = NewDatabase(provider, "spill-" + synchronous);
        const int rows = 3000;
        await using var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA cache_size=20; CREATE TABLE items (id INTEGER PRIMARY KEY, data BLOB NOT NULL);");
        Execute(writer, "BEGIN");
        for (var i = 0; i < rows; i++)
        {
            Execute(writer, $"INSERT INTO items (data) VALUES (randomblob(1000 + {i % 7}))");
            if (i == rows / 2)
            {
                // Half the rows are only in spilled frames and the page cache by now.
                Assert.Equal(rows / 2 + 1, Scalar(writer, "SELECT count(*) FROM items WHERE length(data) >= 1000"));
            }
        }
        Execute(writer, "COMMIT");

        await AssertAnotherConnectionReadsEveryItemAsync(connectionString, rows);
    }

    /// <summary>
    /// A checkpoint's page writes are gathered into runs (<see cref="WriteCoalescing"/>): copying ~1,000 adjacent pages
    /// into the database file takes a few dozen write calls rather than one a page, and a connection opened after it
    /// reads every row and a sound database from the database file alone (the checkpoint empties the WAL).
    /// </summary>
    [Fact]
    public async Task A_checkpoint_writes_adjacent_pages_together_and_another_connection_reads_them()
    {
        await using var provider = new SqliteProvider();
        var connectionString = NewDatabase(provider, "checkpoint");
        const int rows = 4000;
        await using var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0; CREATE TABLE items (id INTEGER PRIMARY KEY, data BLOB NOT NULL);");
        Execute(writer, "BEGIN");
        for (var i = 0; i < rows; i++)
        {
            Execute(writer, $"INSERT INTO items (data) VALUES (randomblob(1000 + {i % 7}))");
        }
        Execute(writer, "COMMIT");

        // The checkpoint runs on this thread, between the two readings.
        var writesBefore = WriteCallsOfThisThread();
        using (var checkpoint = writer.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var result = checkpoint.ExecuteReader();
            Assert.True(result.Read());
            Assert.Equal(0, result.GetInt32(0)); // not blocked
        }
        var writes = WriteCallsOfThisThread() - writesBefore;

        var pages = Scalar(writer, "PRAGMA page_count");
        Assert.True(pages > 1000, $"{pages} pages");
        Assert.InRange(writes, 1, pages / 10);
        Assert.Equal(0, new FileInfo(Path.Combine(provider.DirectoryOf("checkpoint"), "parley.db-wal")).Length);
        await AssertAnotherConnectionReadsEveryItemAsync(connectionString, rows);
    }

    /// <summary>An empty database in its own directory of the provider's; its connection string.</summary>
    private static string NewDatabase(SqliteProvider provider, string name)
    {
        var directory = provider.DirectoryOf(name);
        Directory.CreateDirectory(directory);
        return SqliteStorage.ConnectionString(directory);
    }

    /// <summary>A new connection counts every row of <c>items</c> (of 1,000 to 1,006 bytes each) and finds the database sound.</summary>
    private static async Task AssertAnotherConnectionReadsEveryItemAsync(string connectionString, int rows)
    {
        await using var reader = new SqliteConnection(connectionString);
        reader.Open();
        Assert.Equal(rows, Scalar(reader, "SELECT count(*) FROM items"));
        Assert.Equal(Enumerable.Range(0, rows).Sum(i => 1000L + i % 7), Scalar(reader, "SELECT sum(length(data)) FROM items"));
        using var check = reader.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    /// <summary>The write system calls (<c>pwrite</c> among them) the calling thread has made (Linux).</summary>
    private static long WriteCallsOfThisThread() =>
        long.Parse(File.ReadLines("/proc/thread-self/io").Single(line => line.StartsWith("syscw:", StringComparison.Ordinal))["syscw:".Length..]);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_read_session_sees_one_snapshot()
    {
        await using var provider = new SqliteProvider();
        await using var store = await provider.OpenAsync("snapshot");
        var now = DateTime.UtcNow;
        var room = new Room
        {
            Id = Guid.CreateVersion7(), Title = "Later", Type = RoomType.Group, CreatorId = Guid.CreateVersion7(), Created = now,
            LastActivity = now, OwnerOrgId = Guid.CreateVersion7(),
        };

        var (before, after) = await store.ReadAsync(async s =>
        {
            var before = await s.Rooms.GetAsync(room.Id);
            await store.WriteAsync(w =>
            {
                w.Rooms.Add(room);
                return Task.FromResult(true);
            });
            return (before, await s.Rooms.GetAsync(room.Id));
        });

        Assert.Null(before);
        Assert.Null(after);
        Assert.NotNull(await store.ReadAsync(s => s.Rooms.GetAsync(room.Id)));
    }

    [Fact]
    public async Task The_writer_keeps_its_savepoint_journal_in_memory()
    {
        await using var provider = new SqliteProvider();
        await using var store = await provider.OpenAsync("writer");

        // 2 is MEMORY; the default writes the journal of every write's savepoint to a new temporary file.
        var tempStore = await store.WriteAsync(async s =>
        {
            var db = ((EfStoreSession)s).Context.Db.Database;
            await using var command = db.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA temp_store";
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        });

        Assert.Equal(2, tempStore);
    }

    private static async Task<int> CountAsync(RawCommand command, int limit)
    {
        command.Set(0, 1L);
        command.Set(1, limit);
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            count++;
        }
        return count;
    }

    private static partial class Native
    {
        [LibraryImport("e_sqlite3")]
        public static partial IntPtr sqlite3_next_stmt(IntPtr db, IntPtr statement);

        [LibraryImport("e_sqlite3")]
        public static partial int sqlite3_stmt_status(IntPtr statement, int op, int reset);
    }
}
