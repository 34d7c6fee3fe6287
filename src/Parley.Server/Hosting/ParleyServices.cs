using Microsoft.EntityFrameworkCore;
using Parley.Contracts;
using Parley.Core;
using Parley.Storage;
using Parley.Storage.Postgres;
using Parley.Storage.Sqlite;
using Parley.Server.Files;
using Parley.Server.Http;

namespace Parley.Server.Hosting;

public static partial class ParleyServices
{
    /// <summary>Options, storage provider and the domain services.</summary>
    public static IServiceCollection AddParley(this IServiceCollection services, ParleyOptions options, IConfiguration configuration)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Bootstrap);
        services.AddSingleton(options.Tokens);
        services.AddSingleton(options.Accounts);
        services.AddSingleton(options.Messages);
        services.AddSingleton(options.Webhooks);
        services.AddSingleton(options.EventStream);
        services.AddSingleton(options.Files);
        services.AddSingleton(options.Security);
        services.AddSingleton(new PublicUrl(options.PublicBaseUrl));
        services.AddSingleton(TimeProvider.System);
        PrivateDirectory.Create(options.DataDirectory);
        services.AddParleyStorage(options, configuration);

        services.AddSingleton<CallerCache>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<BootstrapService>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<RoomService>();
        services.AddSingleton<RoomTabService>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<TeamMembershipService>();
        services.AddSingleton<MessageJsonCache>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<AttachmentActionService>();
        services.AddMessageFiles(options);
        services.AddSingleton<OAuthService>();
        services.AddSingleton<AccountService>();

        services.AddSingleton<WebhookService>();
        services.AddSingleton<EventService>();
        services.AddSingleton<EventStreamService>();
        services.AddSingleton<OutboxWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWatcher>());

        services.ConfigureHttpJsonOptions(json => WebexJson.Configure(json.SerializerOptions));
        return services;
    }

    /// <summary>Blob storage, the guarded fetcher of files by URL and the sweeper of deleted messages' files.</summary>
    private static void AddMessageFiles(this IServiceCollection services, ParleyOptions options)
    {
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(options.Files.BlobDirectory ?? Path.Combine(options.DataDirectory, "files")));
        services.AddSingleton<TargetGuard>();
        services.AddSingleton<IFileFetcher, UrlFileFetcher>();
        services.AddHttpClient(UrlFileFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every hop connects through the guard, so a redirect to a private address is refused too.
                AllowAutoRedirect = options.Files.MaxRedirects > 0,
                MaxAutomaticRedirections = Math.Max(1, options.Files.MaxRedirects),
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<TargetGuard>().ConnectAsync,
            });
        services.AddHostedService<FileSweeper>();
    }

    private static void AddParleyStorage(this IServiceCollection services, ParleyOptions options, IConfiguration configuration)
    {
        switch (options.Storage.Provider.ToLowerInvariant())
        {
            case "sqlite":
                var sqlite = SqliteStorage.ConnectionString(options.DataDirectory);
                services.AddPooledDbContextFactory<ParleyDbContext>(o => SqliteStorage.Configure(o, sqlite));
                services.AddSingleton<EfDataStore, SqliteDataStore>();
                break;
            case "postgres":
                var postgres = configuration.GetConnectionString("Postgres")
                    ?? throw new InvalidOperationException("Parley:Storage:Provider is postgres but ConnectionStrings:Postgres is not set.");
                services.AddPooledDbContextFactory<ParleyDbContext>(o => PostgresDataStore.Configure(o, postgres));
                services.AddSingleton<EfDataStore, PostgresDataStore>();
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider '{options.Storage.Provider}': use sqlite or postgres.");
        }
        services.AddSingleton<IDataStore>(sp => sp.GetRequiredService<EfDataStore>());
    }

    /// <summary>
    /// Applies migrations and seeds an empty store, printing the first administrator's token once; warns when the data
    /// directory, created private, was made (or found) readable by others.
    /// </summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services)
    {
        var dataDirectory = Path.GetFullPath(services.GetRequiredService<ParleyOptions>().DataDirectory);
        if (PrivateDirectory.IsSharedWithOthers(dataDirectory))
        {
            LogSharedDataDirectory(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ParleyServices)), dataDirectory);
        }
        await services.GetRequiredService<EfDataStore>().MigrateAsync();
        var token = await services.GetRequiredService<BootstrapService>().EnsureSeededAsync();
        if (token is not null && string.IsNullOrWhiteSpace(services.GetRequiredService<BootstrapOptions>().AdminToken))
        {
            var email = services.GetRequiredService<BootstrapOptions>().AdminEmail;
            // Printed to the console once, never logged: this is the only copy of the secret.
            Console.WriteLine($"""

                Parley created its first organization and administrator ({email}).
                Administrator access token (shown only now; valid for {services.GetRequiredService<TokenOptions>().PersonalTokenLifetime.TotalHours} hours):

                    {token}

                Mint another later with: Parley.Server token --email {email}

                """);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data directory {DataDirectory} is open to other users of this machine, and it holds "
        + "every message and the keys that sign session cookies. Restrict it: chmod 700 {DataDirectory}")]
    private static partial void LogSharedDataDirectory(ILogger logger, string dataDirectory);
}
