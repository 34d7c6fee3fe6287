using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>An integration's registration: where the authorization server is, who the client is and where it is sent back to.</summary>
public sealed class WebexOAuthOptions
{
    /// <summary>The integration's client ID.</summary>
    public required string ClientId { get; set; }

    /// <summary>The integration's client secret, sent in the token request body.</summary>
    public required string ClientSecret { get; set; }

    /// <summary>A redirect URI registered for the integration, matched exactly by the server.</summary>
    public required Uri RedirectUri { get; set; }

    /// <summary>The API root including <c>/v1/</c>; <c>authorize</c> and <c>access_token</c> are under it.</summary>
    public Uri BaseAddress { get; set; } = WebexClientOptions.WebexBaseAddress;
}

/// <summary>Where to send the user, and what to keep until they come back.</summary>
/// <param name="Url">The authorization URL to open in the user's browser.</param>
/// <param name="State">Compare with the <c>state</c> of the redirect, to reject answers to requests this client did not make.</param>
/// <param name="CodeVerifier">The PKCE secret; pass it to <see cref="WebexOAuthClient.ExchangeCodeAsync"/>.</param>
public sealed record OAuthAuthorizationRequest(Uri Url, string State, string CodeVerifier);

/// <summary>
/// The authorization code flow of an integration (<c>/v1/authorize</c>, <c>/v1/access_token</c>) with PKCE (S256):
/// build the authorization URL, exchange the returned code for tokens, refresh them. Errors are <see cref="WebexApiException"/>s.
/// </summary>
public sealed class WebexOAuthClient : IDisposable
{
    private readonly WebexOAuthOptions _options;
    private readonly WebexConnection _connection;
    private readonly HttpClient? _ownedHttp;

    /// <summary>Creates an OAuth client.</summary>
    /// <param name="options">The integration's registration.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); a new one when null.</param>
    public WebexOAuthClient(WebexOAuthOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId, "options.ClientId");
        ArgumentNullException.ThrowIfNull(options.RedirectUri, "options.RedirectUri");
        _options = options;
        _ownedHttp = httpClient is null ? new HttpClient() : null;
        // No bearer token: the token endpoint authenticates the client by its credentials in the body.
        _connection = new WebexConnection(httpClient ?? _ownedHttp!, Paths.Root(options.BaseAddress), accessToken: null);
    }

    /// <summary>Builds the URL that asks the user to grant <paramref name="scopes"/>, with a fresh PKCE verifier and state.</summary>
    /// <param name="scopes">The scopes to request, for example <c>spark:messages_read</c>.</param>
    public OAuthAuthorizationRequest CreateAuthorizationRequest(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Query()
            .Add("response_type", "code")
            .Add("client_id", _options.ClientId)
            .Add("redirect_uri", _options.RedirectUri.OriginalString)
            .Add("scope", string.Join(' ', scopes))
            .Add("state", state)
            .Add("code_challenge", challenge)
            .Add("code_challenge_method", "S256");
        return new OAuthAuthorizationRequest(_connection.Resolve("authorize", query), state, verifier);
    }

    /// <summary>Exchanges the code of the redirect for an access token and a refresh token.</summary>
    /// <param name="code">The redirect's <c>code</c>.</param>
    /// <param name="codeVerifier">The <see cref="OAuthAuthorizationRequest.CodeVerifier"/> of the request that produced the code.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<OAuthTokenResponse> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(codeVerifier);
        return TokenAsync(
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", _options.RedirectUri.OriginalString), new("code_verifier", codeVerifier)],
            cancellationToken);
    }

    /// <summary>Gets a new access token with a refresh token (whose lifetime restarts).</summary>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<OAuthTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        return TokenAsync([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);
    }

    /// <summary>Releases the HTTP client, unless it was supplied by the caller.</summary>
    public void Dispose() => _ownedHttp?.Dispose();

    private Task<OAuthTokenResponse> TokenAsync(KeyValuePair<string, string>[] fields, CancellationToken cancellationToken) =>
        _connection.SendContentAsync<OAuthTokenResponse>(
            HttpMethod.Post,
            "access_token",
            new FormUrlEncodedContent([.. fields, new("client_id", _options.ClientId), new("client_secret", _options.ClientSecret)]),
            cancellationToken);
}
