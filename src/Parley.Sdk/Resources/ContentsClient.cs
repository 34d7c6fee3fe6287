using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>A downloaded file: the body stream and what the response said about it. Dispose it to release the connection.</summary>
public sealed class WebexContent : IDisposable
{
    private readonly HttpResponseMessage _response;

    internal WebexContent(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
        var headers = response.Content.Headers;
        // filename* (RFC 5987, non-ASCII names) wins over the plain filename, as browsers do.
        FileName = (headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName)?.Trim('"');
        ContentType = headers.ContentType?.MediaType;
        Length = headers.ContentLength;
    }

    /// <summary>The file's bytes, read from the network as the stream is read.</summary>
    public Stream Content { get; }

    /// <summary>The file name from <c>Content-Disposition</c>, when the server sent one.</summary>
    public string? FileName { get; }

    /// <summary>The media type, for example <c>image/png</c>.</summary>
    public string? ContentType { get; }

    /// <summary>The size in bytes, when known.</summary>
    public long? Length { get; }

    /// <summary>Closes the stream and the response.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}

/// <summary>The <c>/contents</c> resource: files attached to messages.</summary>
public sealed class ContentsClient
{
    private readonly WebexConnection _connection;

    internal ContentsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Downloads a file.</summary>
    /// <param name="contentIdOrUrl">A content ID, or a URL of a message's <c>files</c>, which must lie under the client's base address.</param>
    /// <param name="cancellationToken">Cancels the request (not the reading of the stream).</param>
    public async Task<WebexContent> DownloadAsync(string contentIdOrUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentIdOrUrl);
        Uri url;
        if (Uri.TryCreate(contentIdOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            // The token goes with the request, so it must never go to a host the caller did not configure.
            if (!_connection.BaseAddress.IsBaseOf(absolute))
            {
                throw new ArgumentException($"The URL is not under the client's base address {_connection.BaseAddress}.", nameof(contentIdOrUrl));
            }
            url = absolute;
        }
        else
        {
            url = _connection.Resolve(Paths.Item("contents", contentIdOrUrl), null);
        }
        var response = await _connection.GetResponseAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            return new WebexContent(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
