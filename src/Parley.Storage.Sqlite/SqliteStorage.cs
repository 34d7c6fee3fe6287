using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Parley.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>Connection string of the database file <c>parley.db</c> in the data directory.</summary>
    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "parley.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<ParleyDbContext>
{
    public ParleyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ParleyDbContext>();
        SqliteStorage.Configure(options, "Data Source=design.db");
        return new ParleyDbContext(options.Options);
    }
}
