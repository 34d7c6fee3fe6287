using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>Success responses with Webex's exact content type, and the <c>Link</c> header of paged lists.</summary>
public static class WebexResults
{
    public const string ContentType = "application/json;charset=UTF-8";

    public static IResult Ok<T>(T value) => new JsonResult<T>(value, null);

    /// <summary>A list page; adds <c>Link: &lt;…&gt;; rel="next"</c> when <paramref name="nextCursor"/> is set.</summary>
    public static IResult Page<T>(T value, string? nextCursor, int effectiveMax) =>
        new JsonResult<T>(value, nextCursor is null ? null : (nextCursor, effectiveMax));

    public static IResult NoContent() => Results.NoContent();

    public static async Task WriteJsonAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> typeInfo)
    {
        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, value, typeInfo, response.HttpContext.RequestAborted);
    }

    private sealed class JsonResult<T>(T value, (string Cursor, int Max)? next) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (next is { } n)
            {
                httpContext.Response.Headers.Link = NextLink(httpContext, n.Cursor, n.Max);
            }
            var typeInfo = (JsonTypeInfo<T>)WebexJson.Options.GetTypeInfo(typeof(T));
            return WriteJsonAsync(httpContext.Response, value, typeInfo);
        }
    }

    /// <summary>
    /// The next page's absolute URL: every original query parameter with its original value, <c>max</c> with
    /// the effective value, and the paging state only in <c>cursor</c>.
    /// </summary>
    private static string NextLink(HttpContext context, string cursor, int max)
    {
        var request = context.Request;
        var baseUrl = context.PublicBaseUrl();
        var query = new List<KeyValuePair<string, string?>>();
        foreach (var (key, values) in request.Query)
        {
            if (key is "cursor" or "max")
            {
                continue;
            }
            query.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
        }
        query.Add(new("max", max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        query.Add(new("cursor", cursor));
        var url = baseUrl + request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query);
        return $"<{url}>; rel=\"next\"";
    }
}

/// <summary>
/// Resolves the public base URL (in front of <c>/v1</c>): the configured one, else the request's own scheme and host.
/// Passed to the services that build links rather than read from an ambient request: an accessor of the current
/// request would flow through every asynchronous call of every request.
/// </summary>
public sealed class PublicUrl(string? configured)
{
    private readonly string? _configured = string.IsNullOrWhiteSpace(configured) ? null : configured.TrimEnd('/');

    public string Resolve(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}

public static class PublicUrlExtensions
{
    /// <summary>The public base URL of this request.</summary>
    public static string PublicBaseUrl(this HttpContext context) =>
        context.RequestServices.GetRequiredService<PublicUrl>().Resolve(context.Request);
}
