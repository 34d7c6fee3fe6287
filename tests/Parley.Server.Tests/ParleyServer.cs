using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Parley.Core;

namespace Parley.Server.Tests;

/// <summary>
/// A real Parley server on a loopback port with a fresh data directory. Extra configuration (for example a low
/// rate limit) is passed as <c>Parley:…</c> keys. Tests talk to it over HTTP only; the store is touched
/// directly just to provision users, as the server's own <c>token</c> admin command does.
/// </summary>
public partial class ParleyServer : IAsyncLifetime
{
    public const string AdminToken = "0000000000000000000000000000000000000000000000000000000000000000_PF84_00000000-0000-0000-0000-000000000001";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
    private int _userCounter;
    private string? _postgres;

    public ParleyServer() : this(new Dictionary<string, string?>())
    {
    }

    protected ParleyServer(IReadOnlyDictionary<string, string?> settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Parley:DataDirectory", _dataDirectory);
            web.UseSetting("Parley:Bootstrap:AdminToken", AdminToken);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            // The HTTP suite runs on SQLite; PARLEY_TEST_PROVIDER=postgres runs it on TEST_POSTGRES instead.
            if (Environment.GetEnvironmentVariable("PARLEY_TEST_PROVIDER") == "postgres"
                && Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } postgres
                && !settings.ContainsKey("Parley:Storage:Provider"))
            {
                web.UseSetting("Parley:Storage:Provider", "postgres");
                _postgres = PostgresDatabase.Create(postgres);
                web.UseSetting("ConnectionStrings:Postgres", _postgres);
            }
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        // UseKestrel(0) falls back to the default port 5000, so parallel fixtures collide; bind a free loopback port.
        _factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    /// <summary>The server's data directory (database and file contents).</summary>
    public string DataDirectory => _dataDirectory;

    public ValueTask InitializeAsync()
    {
        _factory.StartServer();
        Admin = _factory.CreateClient();
        BaseAddress = Admin.BaseAddress!;
        Authorize(Admin, AdminToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Another node of a cluster: a server on this one's store (its PostgreSQL database, or its SQLite file) and data
    /// directory. The caller initializes and disposes it.
    /// </summary>
    public ParleyServer SecondNode() => new(_postgres is null
        ? new Dictionary<string, string?> { ["Parley:DataDirectory"] = _dataDirectory }
        : new Dictionary<string, string?>
        {
            ["Parley:DataDirectory"] = _dataDirectory, ["Parley:Storage:Provider"] = "postgres", ["ConnectionStrings:Postgres"] = _postgres,
        });

    /// <summary>Gives a person a sign-in password directly (as the server's <c>password</c> admin command would).</summary>
    public Task SetPasswordAsync(string email, string password) =>
        Services.GetRequiredService<AccountService>().SetPasswordAsync(email, password);

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => _factory.CreateClient();

    public HttpClient ClientWithToken(string token)
    {
        var client = _factory.CreateClient();
        Authorize(client, token);
        return client;
    }

    /// <summary>Creates a person (or bot) in the admin's organization, or another one, and returns a client acting as them.</summary>
    public async Task<TestUser> CreateUserAsync(string? name = null, PersonType type = PersonType.Person, Guid? orgId = null)
    {
        var n = Interlocked.Increment(ref _userCounter);
        name ??= $"User {n}";
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}.{n}.{Guid.NewGuid():N}@{(type == PersonType.Bot ? "bots.parley.test" : "example.com")}";
        var store = Services.GetRequiredService<IDataStore>();
        var tokens = Services.GetRequiredService<TokenService>();
        var bootstrap = Services.GetRequiredService<BootstrapService>();
        var org = orgId ?? await bootstrap.DefaultOrgIdAsync();
        var (id, token) = await store.WriteAsync(async s =>
        {
            if (await s.Organizations.GetAsync(org) is null)
            {
                s.Organizations.Add(new Organization { Id = org, DisplayName = "Other org", Created = DateTime.UtcNow });
            }
            var person = new Person
            {
                Id = Guid.CreateVersion7(),
                OrgId = org,
                Email = email,
                DisplayName = name,
                Type = type,
                Created = DateTime.UtcNow,
                LastModified = DateTime.UtcNow,
                LoginEnabled = true,
            };
            s.People.Add(person);
            return (person.Id, tokens.AddPersonalToken(s, person));
        });
        return new TestUser(Parley.Contracts.WebexId.Encode("PEOPLE", id), email, name, token, ClientWithToken(token));
    }

    /// <summary>
    /// Creates a group room directly in the store (as an admin tool would), with the given members; the first
    /// member is the creator. Returns the room's encoded ID.
    /// </summary>
    public async Task<string> CreateGroupRoomAsync(
        IReadOnlyList<TestUser> members,
        string title = "Test room",
        bool isLocked = false,
        bool isReadOnly = false,
        bool isAnnouncementOnly = false,
        IReadOnlyList<TestUser>? moderators = null)
    {
        var store = Services.GetRequiredService<IDataStore>();
        var bootstrap = Services.GetRequiredService<BootstrapService>();
        var org = await bootstrap.DefaultOrgIdAsync();
        var now = DateTime.UtcNow;
        var roomId = Guid.CreateVersion7();
        var moderatorIds = (moderators ?? []).Select(m => PersonGuid(m)).ToHashSet();
        await store.WriteAsync(s =>
        {
            s.Rooms.Add(new Room
            {
                Id = roomId,
                Title = title,
                Type = RoomType.Group,
                IsLocked = isLocked,
                IsReadOnly = isReadOnly,
                IsAnnouncementOnly = isAnnouncementOnly,
                CreatorId = PersonGuid(members[0]),
                Created = now,
                LastActivity = now,
                OwnerOrgId = org,
            });
            foreach (var member in members)
            {
                var personId = PersonGuid(member);
                s.Memberships.Add(new Membership { PersonId = personId, RoomId = roomId, IsModerator = moderatorIds.Contains(personId), Created = now });
            }
            return Task.FromResult(true);
        });
        return Parley.Contracts.WebexId.Encode("ROOM", roomId);
    }

    /// <summary>
    /// Stores an extra token for the user with exactly these scopes and returns a client using it, as an integration
    /// token minted by the OAuth flow would be (the flow itself is exercised in OAuthTests).
    /// </summary>
    public async Task<HttpClient> ClientWithScopesAsync(TestUser user, string scopes, TokenKind kind = TokenKind.Integration)
    {
        var store = Services.GetRequiredService<IDataStore>();
        var tokens = Services.GetRequiredService<TokenService>();
        var token = tokens.NewTokenString(await Services.GetRequiredService<BootstrapService>().DefaultOrgIdAsync());
        await store.WriteAsync(s =>
        {
            s.Tokens.Add(new AccessToken
            {
                Id = Guid.CreateVersion7(),
                Hash = TokenService.Hash(token),
                PersonId = PersonGuid(user),
                Kind = kind,
                Scopes = scopes,
                Created = DateTime.UtcNow,
                ExpiresAt = DateTime.UtcNow.AddHours(1),
            });
            return Task.FromResult(true);
        });
        return ClientWithToken(token);
    }

    /// <summary>Gives a person roles (for example the compliance officer role) directly in the store.</summary>
    public async Task GrantRolesAsync(TestUser user, params string[] roleKeys)
    {
        var store = Services.GetRequiredService<IDataStore>();
        await store.WriteAsync(async s =>
        {
            await s.People.SetRolesAsync(PersonGuid(user), roleKeys);
            return true;
        });
        // Role changes through the API clear resolved callers; a change behind its back must too.
        Services.GetRequiredService<CallerCache>().Clear();
    }

    public static Guid PersonGuid(TestUser user) =>
        Parley.Contracts.WebexId.TryDecodeGuid(user.Id, "PEOPLE", out var id) ? id : throw new ArgumentException("Not a person ID.", nameof(user));

    private static void Authorize(HttpClient client, string token) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_postgres is not null)
        {
            PostgresDatabase.Drop(_postgres);
        }
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record TestUser(string Id, string Email, string Name, string Token, HttpClient Client);

/// <summary>Creates a fresh PostgreSQL database per server when TEST_POSTGRES holds a connection string.</summary>
internal static class PostgresDatabase
{
    public static string Create(string adminConnectionString)
    {
        var name = "parley_test_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new Npgsql.NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        // Many servers run at once, each with its own database: keep every pool small, and idle connections short,
        // so that together they stay well below the server's max_connections.
        return new Npgsql.NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name,
            MaxPoolSize = 8,
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 5,
        }.ToString();
    }

    /// <summary>Drops a database made by <see cref="Create"/>, so repeated runs do not pile them up.</summary>
    public static void Drop(string connectionString)
    {
        Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(connectionString));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        builder.Database = "postgres";
        builder.Pooling = false;
        using var connection = new Npgsql.NpgsqlConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}

/// <summary>JSON helpers for tests: bodies are read as <see cref="JsonNode"/> so assertions see the exact wire.</summary>
public static class Http
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> GetJsonAsync(this HttpClient client, string url) =>
        client.SendJsonAsync(HttpMethod.Get, url);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.SendJsonAsync(HttpMethod.Post, url, body);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.SendJsonAsync(HttpMethod.Put, url, body);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> DeleteJsonAsync(this HttpClient client, string url) =>
        client.SendJsonAsync(HttpMethod.Delete, url);

    /// <summary>Asserts a Webex error: the status, a message, at least one description, and the tracking ID echoed.</summary>
    public static void AssertWebexError(this (HttpResponseMessage Response, JsonNode? Body) result, int status)
    {
        Assert.Equal(status, (int)result.Response.StatusCode);
        Assert.NotNull(result.Body);
        Assert.False(string.IsNullOrWhiteSpace(result.Body["message"]?.GetValue<string>()));
        Assert.NotEmpty(result.Body["errors"]!.AsArray());
        Assert.False(string.IsNullOrWhiteSpace(result.Body["errors"]![0]!["description"]?.GetValue<string>()));
        Assert.Equal(result.Response.Headers.GetValues("TrackingID").Single(), result.Body["trackingId"]!.GetValue<string>());
        Assert.Equal("application/json;charset=UTF-8", result.Response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
    }
}
