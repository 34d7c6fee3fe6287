using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nito.AsyncEx;
using Parley.Core;

namespace Parley.Storage.Sqlite;

/// <summary>
/// SQLite with group commit. SQLite allows one writer at a time and a durable commit costs an fsync, so
/// concurrent writes are queued to one writer that runs them back to back and commits them together: every caller
/// still returns only after its write is on disk (WAL, synchronous=FULL), but many writes share one fsync. A write
/// that fails does not disturb the rest of its batch: they run again, each in its own savepoint (write delegates
/// touch only storage, so running one again is safe, as PostgreSQL's deadlock retries also rely on).
/// </summary>
public sealed class SqliteDataStore : EfDataStore
{
    private const int MaxBatch = 256;
    private readonly Channel<WriteItem> _queue = Channel.CreateBounded<WriteItem>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lazy<Task> _writer;

    // The writer's transactions are plain statements: EF Core's transaction objects cost more than the statements
    // themselves on this serial path, and the writer has no other use for them. IMMEDIATE, as Microsoft.Data.Sqlite
    // begins them: the write lock is taken (waiting out the busy timeout) before the first read, not when a read
    // transaction later upgrades, which SQLite answers with SQLITE_BUSY at once if the lock is held.
    private static readonly SqlStatement Begin = new("BEGIN IMMEDIATE");
    private static readonly SqlStatement Commit = new("COMMIT");
    private static readonly SqlStatement Rollback = new("ROLLBACK");
    private static readonly SqlStatement Savepoint = new("SAVEPOINT item");
    private static readonly SqlStatement Release = new("RELEASE item");
    private static readonly SqlStatement RollbackToSavepoint = new("ROLLBACK TO item");

    public SqliteDataStore(IDbContextFactory<ParleyDbContext> contexts) : base(contexts, new SqliteSqlProvider(ConnectionStringOf(contexts)))
    {
        // Started on first write, so that it never races migrations for the database file.
        _writer = new Lazy<Task>(StartWriterThread);
    }

    public override async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        _ = _writer.Value;
        var item = new WriteItem<T>(work);
        await _queue.Writer.WriteAsync(item, cancellationToken);
        return await item.Result;
    }

    protected override void OpenReadContext(ParleyDbContext db) => db.Database.OpenConnection();

    protected override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };

    /// <summary>
    /// The writer runs on a thread of its own, not the thread pool's: it is the one stage every write passes through in
    /// turn, and on the pool its next batch waited in the pool's queue behind the requests there. Its loop and the
    /// writes' continuations run in a single-threaded async context on that thread.
    /// </summary>
    private Task StartWriterThread()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                AsyncContext.Run(RunWriterAsync);
                stopped.SetResult();
            }
            catch (Exception ex)
            {
                stopped.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "Parley SQLite writer",
        };
        thread.Start();
        return stopped.Task;
    }

    private async Task RunWriterAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.Database.AutoSavepointsEnabled = false;
        // Every write runs inside the batch's transaction (see Begin).
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        await db.Database.OpenConnectionAsync();
        // Each write's savepoint keeps a copy of every page it changes until released; in memory, not in a temporary
        // file SQLite would otherwise create and write for each batch (the WAL alone makes a commit durable).
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; "
            + SqliteStorage.BusyTimeoutPragma);
        // The writer's connection lives as long as the store, so its raw statements are prepared once.
        await using var raw = new RawConnection(db.Database.GetDbConnection(), Sql);
        var context = new StoreContext(db, raw);
        var batch = new List<WriteItem>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                if (!await TryCommitWholeAsync(context, batch))
                {
                    await CommitEachAsync(context, batch);
                }
            }
            catch (Exception ex)
            {
                // The commit itself failed: none of the batch is durable.
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
                try
                {
                    await RollBackIfOpenAsync(context);
                }
                catch (SqliteException)
                {
                    // The writer lives on: the next batch's BEGIN fails in turn and reports the error to its writes.
                }
            }
        }
    }

    /// <summary>
    /// Runs the batch without savepoints, since a batch normally succeeds whole and a savepoint keeps a copy of every
    /// page its write changes. The first write that fails gets its error and leaves the batch; the transaction is then
    /// rolled back with the other writes' work, and false asks for them to be run again.
    /// </summary>
    private async Task<bool> TryCommitWholeAsync(StoreContext context, List<WriteItem> batch)
    {
        await ExecuteAsync(context, Begin);
        foreach (var item in batch)
        {
            try
            {
                await RunAsync(context, item);
            }
            catch (Exception ex)
            {
                item.Fail(Translate(ex));
                batch.Remove(item);
                await RollBackIfOpenAsync(context);
                return false;
            }
        }
        await ExecuteAsync(context, Commit);
        batch.ForEach(item => item.Complete());
        return true;
    }

    /// <summary>Runs each write in its own savepoint, so that one that fails is rolled back without disturbing the rest.</summary>
    private async Task CommitEachAsync(StoreContext context, List<WriteItem> batch)
    {
        await ExecuteAsync(context, Begin);
        var done = new List<WriteItem>(batch.Count);
        foreach (var item in batch)
        {
            await ExecuteAsync(context, Savepoint);
            try
            {
                await RunAsync(context, item);
                await ExecuteAsync(context, Release);
                done.Add(item);
            }
            catch (Exception ex)
            {
                await ExecuteAsync(context, RollbackToSavepoint);
                item.Fail(Translate(ex));
            }
        }
        await ExecuteAsync(context, Commit);
        done.ForEach(item => item.Complete());
    }

    /// <summary>Rolls the batch's transaction back unless SQLite already did (some errors end it themselves).</summary>
    private static async Task RollBackIfOpenAsync(StoreContext context)
    {
        var connection = (SqliteConnection)context.Db.Database.GetDbConnection();
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            await ExecuteAsync(context, Rollback);
        }
    }

    /// <summary>Runs one write and stages its changes; a write that runs again (see above) starts from a clean tracker.</summary>
    private static async Task RunAsync(StoreContext context, WriteItem item)
    {
        try
        {
            var session = new EfStoreSession(context);
            await item.RunAsync(session);
            await session.SaveChangesAsync();
        }
        finally
        {
            context.Db.ChangeTracker.Clear();
        }
    }

    private static async Task ExecuteAsync(StoreContext context, SqlStatement statement) =>
        await (await context.CommandAsync(statement)).ExecuteNonQueryAsync();

    public override async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
        await base.DisposeAsync();
    }

    private abstract class WriteItem
    {
        public abstract Task RunAsync(IStoreSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<IStoreSession, Task<T>> work) : WriteItem
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public override async Task RunAsync(IStoreSession session) => _value = await work(session);

        public override void Complete() => _result.TrySetResult(_value!);

        public override void Fail(Exception exception) => _result.TrySetException(exception);
    }
}
