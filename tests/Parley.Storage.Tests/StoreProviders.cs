using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Parley.Storage;
using Parley.Storage.Postgres;
using Parley.Storage.Sqlite;

namespace Parley.Storage.Tests;

/// <summary>Creates a migrated, empty store for one test, on one provider; disposing it deletes what it created.</summary>
public interface IStoreProvider : IAsyncDisposable
{
    /// <summary>A new store over a fresh database; a second call with the same name reopens that database.</summary>
    Task<EfDataStore> OpenAsync(string database);
}

/// <summary>SQLite stores; <paramref name="interceptors"/> see every command EF runs (the query-plan test explains them).</summary>
public sealed class SqliteProvider(params IInterceptor[] interceptors) : IStoreProvider
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-store-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The data directory of a database this provider opens.</summary>
    public string DirectoryOf(string database) => Path.Combine(_root, database);

    public async Task<EfDataStore> OpenAsync(string database)
    {
        var directory = DirectoryOf(database);
        Directory.CreateDirectory(directory);
        var connection = SqliteStorage.ConnectionString(directory);
        var store = new SqliteDataStore(new PooledDbContextFactory<ParleyDbContext>(
            new DbContextOptionsBuilder<ParleyDbContext>().Also(o => SqliteStorage.Configure(o, connection)).AddInterceptors(interceptors).Options));
        await store.MigrateAsync();
        return store;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Runs when TEST_POSTGRES holds an admin connection string (CI sets it); each database is new.</summary>
public sealed class PostgresProvider : IStoreProvider
{
    public static string? AdminConnectionString => Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    /// <summary>The connection string of each database this provider created, by name.</summary>
    private readonly Dictionary<string, string> _created = [];

    public async Task<EfDataStore> OpenAsync(string database)
    {
        Assert.SkipWhen(AdminConnectionString is null, "TEST_POSTGRES is not set; the PostgreSQL store suite runs in CI.");
        var name = $"parley_store_{database}_{_suffix}".ToLowerInvariant();
        if (!_created.TryGetValue(name, out var cs))
        {
            await AdminAsync($"CREATE DATABASE {name}");
            cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 8, ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5 }.ToString();
            _created.Add(name, cs);
        }
        var store = new PostgresDataStore(new PooledDbContextFactory<ParleyDbContext>(
            new DbContextOptionsBuilder<ParleyDbContext>().Also(o => PostgresDataStore.Configure(o, cs)).Options));
        await store.MigrateAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (name, cs) in _created)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(cs));
            await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
        _created.Clear();
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class BuilderExtensions
{
    public static T Also<T>(this T value, Action<T> configure)
    {
        configure(value);
        return value;
    }
}
