using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Parley.Contracts;

namespace Parley.Sdk.Internal;

/// <summary>
/// Sends requests to the API root, reads Webex JSON, maps error responses and follows <c>Link: rel="next"</c>.
/// Without an access token (the OAuth token endpoint) no <c>Authorization</c> header is sent.
/// </summary>
internal sealed class WebexConnection(HttpClient http, Uri baseAddress, string? accessToken)
{
    private static readonly MediaTypeHeaderValue _jsonMediaType = new("application/json") { CharSet = "utf-8" };

    public Uri BaseAddress { get; } = baseAddress;

    public string? AccessToken { get; } = accessToken;

    public async Task<T> GetAsync<T>(string path, Query? query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Resolve(path, query), null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public Task<TResult> SendAsync<TBody, TResult>(HttpMethod method, string path, TBody body, CancellationToken cancellationToken)
    {
        // Serialized up front so the content has a length (no chunked upload) and can be sent again after a 429.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, WebexJson.Options));
        content.Headers.ContentType = _jsonMediaType;
        return SendContentAsync<TResult>(method, path, content, cancellationToken);
    }

    /// <summary>Sends a body that is not JSON (multipart uploads, OAuth forms); the content is disposed with the request.</summary>
    public async Task<TResult> SendContentAsync<TResult>(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, Resolve(path, null), content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<TResult>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A successful response whose body is left unread for the caller, who disposes it (downloads).</summary>
    public Task<HttpResponseMessage> GetResponseAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, null, cancellationToken);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, Resolve(path, null), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Items of a list endpoint, page by page; the next page is requested only when the caller reaches it.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string path, Query? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = Resolve(path, query);
        while (next is not null)
        {
            var (items, following) = await GetPageAsync<T>(next, cancellationToken).ConfigureAwait(false);
            next = following;
            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    private async Task<(IReadOnlyList<T> Items, Uri? Next)> GetPageAsync<T>(Uri url, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
        var page = await ReadAsync<ItemList<T>>(response, cancellationToken).ConfigureAwait(false);
        var next = LinkHeader.Next(response.Headers);
        // The link is absolute on Webex and Parley; a relative one is resolved against the page it came from.
        return (page.Items ?? [], next is null ? null : new Uri(url, next));
    }

    public Uri Resolve(string path, Query? query) =>
        new(BaseAddress, query is null ? path : path + query.ToQueryString());

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, WebexJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"The response to {response.RequestMessage?.RequestUri} had a null body.");
        }
    }

    /// <summary>Builds the typed exception from a Webex error body, tolerating bodies that are not Webex JSON (proxies, gateways).</summary>
    private static async Task<WebexApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        string? trackingId = null;
        var errors = new List<string>();
        try
        {
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                message = StringProperty(body.RootElement, "message");
                trackingId = StringProperty(body.RootElement, "trackingId");
                if (body.RootElement.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    errors.AddRange(list.EnumerateArray()
                        .Select(e => e.ValueKind == JsonValueKind.Object ? StringProperty(e, "description") : null)
                        .OfType<string>());
                }
            }
        }
        catch (JsonException)
        {
        }
        trackingId ??= response.Headers.TryGetValues("TrackingID", out var header) ? header.FirstOrDefault() : null;
        message ??= errors.FirstOrDefault()
            ?? $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}";
        return response.StatusCode == HttpStatusCode.TooManyRequests
            ? new RateLimitException(message, trackingId, errors, RateLimitRetry.RetryAfter(response, DateTimeOffset.UtcNow))
            : new WebexApiException(response.StatusCode, message, trackingId, errors);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
