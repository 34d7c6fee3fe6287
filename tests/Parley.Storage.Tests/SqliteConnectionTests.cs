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
        var directory = new SqliteProvider().DirectoryOf("statements");
        Directory.CreateDirectory(directory);
        var connectionString = SqliteStorage.ConnectionString(directory);
        await using (var setup = new SqliteConnection(connectionString))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE items (id INTEGER PRIMARY KEY, room INTEGER); INSERT INTO items (room) VALUES (1), (1), (1);";
            create.ExecuteNonQuery();
        }
        await using var provider = new SqliteSqlProvider(connectionString);
        var page = new SqlStatement("SELECT id FROM items WHERE room = @room ORDER BY id DESC LIMIT @limit", ("room", SqlType.Int64), ("limit", SqlType.Int32));
        var connection = await provider.RentAsync(CancellationToken.None);

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
        await provider.ReturnAsync(connection);
    }

    [Fact]
    public async Task A_read_session_sees_one_snapshot()
    {
        await using var store = await new SqliteProvider().OpenAsync("snapshot");
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
        await using var store = await new SqliteProvider().OpenAsync("writer");

        // 2 is MEMORY; the default writes the journal of every write's savepoint to a new temporary file.
        var tempStore = await store.WriteAsync(async s =>
        {
            var db = ((EfStoreSession)s).Context.Db.Database;
            await using var command = db.GetDbConnection().CreateCommand();
            command.Transaction = db.CurrentTransaction!.GetDbTransaction();
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
