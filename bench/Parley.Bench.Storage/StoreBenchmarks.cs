using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Parley.Core;
using Parley.Storage;
using Parley.Storage.Sqlite;

BenchmarkSwitcher.FromAssembly(typeof(StoreBenchmarks).Assembly).Run(args);

/// <summary>
/// The database work behind the hot endpoints, on a SQLite file with one room of 10k messages: opening a read
/// session, the room and membership lookups of every room-scoped request, a first page of messages, and a durable
/// message insert through the batching writer.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-bench-" + Guid.NewGuid().ToString("N"));
    private SqliteDataStore _store = null!;
    private Guid _roomId;
    private Guid _personId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_directory);
        var options = new DbContextOptionsBuilder<ParleyDbContext>();
        SqliteStorage.Configure(options, SqliteStorage.ConnectionString(_directory));
        _store = new SqliteDataStore(new PooledDbContextFactory<ParleyDbContext>(options.Options));
        await _store.MigrateAsync();
        var now = DateTime.UtcNow;
        (_roomId, _personId) = await _store.WriteAsync(async s =>
        {
            var org = new Organization { Id = Guid.CreateVersion7(), DisplayName = "Bench", Created = now };
            var person = new Person { Id = Guid.CreateVersion7(), OrgId = org.Id, Email = "bench@example.com", DisplayName = "Bench", Created = now, LastModified = now, LoginEnabled = true };
            var room = new Room { Id = Guid.CreateVersion7(), Title = "Bench", Type = RoomType.Group, CreatorId = person.Id, Created = now, LastActivity = now, OwnerOrgId = org.Id };
            s.Organizations.Add(org);
            s.People.Add(person);
            s.Rooms.Add(room);
            s.Memberships.Add(new Membership { PersonId = person.Id, RoomId = room.Id, Created = now });
            for (var i = 0; i < 10_000; i++)
            {
                await s.Messages.AddAsync(NewMessage(room.Id, person, now.AddMilliseconds(i)));
            }
            return (room.Id, person.Id);
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<int> EmptyReadSession() => _store.ReadAsync(_ => Task.FromResult(0));

    [Benchmark]
    public Task<Room?> RoomById() => _store.ReadAsync(s => s.Rooms.GetAsync(_roomId));

    [Benchmark]
    public Task<Membership?> RoomThenMembership() => _store.ReadAsync(async s =>
    {
        await s.Rooms.GetAsync(_roomId);
        return await s.Memberships.GetAsync(_personId, _roomId);
    });

    [Benchmark]
    public Task<IReadOnlyList<MessageVersion>> FirstPageOf50() =>
        _store.ReadAsync(s => s.Messages.ListAsync(new MessageQuery(_roomId, null, null, null), null, 51));

    /// <summary>A page's messages read in full, as a listing does when their JSON is not cached.</summary>
    [Benchmark]
    public Task<IReadOnlyList<Message>> FirstPageOf50InFull() =>
        _store.ReadAsync(s => s.Messages.ListMessagesAsync(new MessageQuery(_roomId, null, null, null), null, 51));

    [Benchmark]
    public Task<bool> DurableMessageInsert() => _store.WriteAsync(async s =>
    {
        var now = DateTime.UtcNow;
        await s.Messages.AddAsync(NewMessage(_roomId, new Person { Email = "bench@example.com", DisplayName = "Bench", Id = _personId }, now));
        await s.Rooms.SetLastActivityAsync(_roomId, now);
        return true;
    });

    private static Message NewMessage(Guid roomId, Person author, DateTime created) => new()
    {
        Id = Guid.CreateVersion7(),
        RoomId = roomId,
        PersonId = author.Id,
        PersonEmail = author.Email,
        Text = "benchmark message",
        Created = created,
    };
}
