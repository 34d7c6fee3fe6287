using Microsoft.Extensions.Http.Resilience;
using Parley.Sdk.Internal;
using Polly;

namespace Parley.Sdk;

/// <summary>
/// A client of the Webex messaging REST API (<c>/v1</c>), against Webex itself or a Parley server.
/// One property per resource; lists are lazy <see cref="IAsyncEnumerable{T}"/>s that follow <c>Link: rel="next"</c>;
/// errors are <see cref="WebexApiException"/>s; 429 answers are retried after <c>Retry-After</c> a bounded number of times.
/// Thread-safe: create one per token and reuse it.
/// </summary>
public sealed class WebexClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for Webex's public API with the token in <c>WEBEX_ACCESS_TOKEN</c>.</summary>
    public WebexClient()
        : this(new WebexClientOptions())
    {
    }

    /// <summary>Creates a client for Webex's public API.</summary>
    /// <param name="accessToken">The bearer token; when null, <c>WEBEX_ACCESS_TOKEN</c> is read.</param>
    public WebexClient(string? accessToken)
        : this(new WebexClientOptions { AccessToken = accessToken })
    {
    }

    /// <summary>Creates a client with its own HTTP connection pool and the 429 retry of <paramref name="options"/>.</summary>
    /// <param name="options">Base address, token and rate-limit behaviour.</param>
    public WebexClient(WebexClientOptions options)
        : this(CreateHttpClient(Checked(options)), options, ownsHttp: true)
    {
    }

    /// <summary>
    /// Creates a client on an existing <see cref="HttpClient"/>, whose handlers are used as they are: the 429
    /// retry is not added (<c>services.AddWebexClient()</c> adds it to the factory's client).
    /// </summary>
    /// <param name="httpClient">The HTTP client; not disposed by this client.</param>
    /// <param name="options">Base address and token.</param>
    public WebexClient(HttpClient httpClient, WebexClientOptions options)
        : this(httpClient, Checked(options), ownsHttp: false)
    {
    }

    private WebexClient(HttpClient httpClient, WebexClientOptions options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var token = options.AccessToken ?? Environment.GetEnvironmentVariable(WebexClientOptions.AccessTokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            if (ownsHttp)
            {
                httpClient.Dispose();
            }
            throw new InvalidOperationException(
                $"No access token: set {nameof(WebexClientOptions)}.{nameof(WebexClientOptions.AccessToken)} or the {WebexClientOptions.AccessTokenVariable} environment variable.");
        }
        _http = httpClient;
        _ownsHttp = ownsHttp;
        var connection = new WebexConnection(httpClient, Paths.Root(options.BaseAddress), token.Trim());
        BaseAddress = connection.BaseAddress;
        People = new PeopleClient(connection);
        Rooms = new RoomsClient(connection);
        Teams = new TeamsClient(connection);
        Memberships = new MembershipsClient(connection);
        TeamMemberships = new TeamMembershipsClient(connection);
        Messages = new MessagesClient(connection);
        Organizations = new OrganizationsClient(connection);
        Licenses = new LicensesClient(connection);
        Roles = new RolesClient(connection);
        Webhooks = new WebhooksClient(connection);
        Events = new EventsClient(connection);
        AttachmentActions = new AttachmentActionsClient(connection);
        Contents = new ContentsClient(connection);
        EventStream = new EventStreamClient(connection);
    }

    /// <summary>The API root requests are sent to, ending in <c>/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>People: the caller, lookups, and admin management.</summary>
    public PeopleClient People { get; }

    /// <summary>Rooms (spaces).</summary>
    public RoomsClient Rooms { get; }

    /// <summary>Teams.</summary>
    public TeamsClient Teams { get; }

    /// <summary>Room memberships.</summary>
    public MembershipsClient Memberships { get; }

    /// <summary>Team memberships.</summary>
    public TeamMembershipsClient TeamMemberships { get; }

    /// <summary>Messages.</summary>
    public MessagesClient Messages { get; }

    /// <summary>Organizations (admins).</summary>
    public OrganizationsClient Organizations { get; }

    /// <summary>Licenses (admins).</summary>
    public LicensesClient Licenses { get; }

    /// <summary>Administrator roles.</summary>
    public RolesClient Roles { get; }

    /// <summary>Webhooks, their delivery log and redelivery.</summary>
    public WebhooksClient Webhooks { get; }

    /// <summary>Compliance events.</summary>
    public EventsClient Events { get; }

    /// <summary>Card submissions.</summary>
    public AttachmentActionsClient AttachmentActions { get; }

    /// <summary>File downloads.</summary>
    public ContentsClient Contents { get; }

    /// <summary>Parley's WebSocket event stream (not on Webex).</summary>
    public EventStreamClient EventStream { get; }

    /// <summary>Releases the HTTP connections, unless the <see cref="HttpClient"/> was supplied by the caller.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static WebexClientOptions Checked(WebexClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseAddress, "options.BaseAddress");
        if (!options.BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute, for example https://webexapis.com/v1/.", nameof(options));
        }
        return options;
    }

    private static HttpClient CreateHttpClient(WebexClientOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        RateLimitRetry.Configure(pipeline, options);
#pragma warning disable CA2000 // The handlers are owned and disposed by the HttpClient.
        var handler = new ResilienceHandler(pipeline.Build())
        {
            // Recycled connections pick up DNS changes, which a long-lived HttpClient otherwise never sees.
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
#pragma warning restore CA2000
        return new HttpClient(handler) { Timeout = options.Timeout };
    }
}
