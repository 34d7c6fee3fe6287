using System.Net.Http.Headers;
using Parley.Core;

namespace Parley.Server.Files;

/// <summary>
/// Fetches <c>files: ["https://…"]</c> into blob storage (40 §4.4) through the SSRF-guarded client: a time limit for
/// the whole download, a size limit counted while streaming, redirects capped and each hop's addresses checked.
/// </summary>
public sealed class UrlFileFetcher(IHttpClientFactory clients, IBlobStore blobs, MessageFileOptions options) : IFileFetcher
{
    public const string HttpClientName = "file-fetch";
    private const string Unable = "Unable to retrieve content from the URL.";

    public async Task<MessageFile> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ValidationException($"{Unable} Only http and https URLs are supported.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ValidationException($"{Unable} It answered {(int)response.StatusCode}.");
            }
            if (response.Content.Headers.ContentLength > options.MaxFileBytes)
            {
                throw new FileTooLargeException();
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var blob = await blobs.PutAsync(body, options.MaxFileBytes, timeout.Token);
            // The final URL after redirects names the file when the response does not.
            var name = FileName(response.Content.Headers.ContentDisposition, response.RequestMessage?.RequestUri ?? uri);
            return new MessageFile(name, FileNames.ContentType(response.Content.Headers.ContentType?.MediaType, name), blob);
        }
        catch (FileTooLargeException)
        {
            throw new ValidationException(options.TooLargeMessage);
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedTargetException blocked)
        {
            throw new ValidationException($"{Unable} {blocked.Message} Private network targets are not allowed (Parley:Security:AllowPrivateNetworkTargets).");
        }
        catch (HttpRequestException)
        {
            throw new ValidationException(Unable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ValidationException($"{Unable} It did not finish within {options.FetchTimeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>The response's <c>Content-Disposition</c> name, else the last path segment of the URL.</summary>
    private static string FileName(ContentDispositionHeaderValue? disposition, Uri uri) =>
        FileNames.Clean(disposition?.FileNameStar ?? disposition?.FileName ?? Uri.UnescapeDataString(uri.Segments[^1]));
}
