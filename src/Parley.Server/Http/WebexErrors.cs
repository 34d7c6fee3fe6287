using Parley.Contracts;

namespace Parley.Server.Http;

/// <summary>Writes the Webex error body, the only error shape this server emits.</summary>
public static class WebexErrors
{
    public static async Task WriteAsync(HttpContext context, int status, string message, IReadOnlyList<string>? details = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        // The exception handler clears the response headers, including the one set when the request came in.
        response.Headers[TrackingId.Header] = TrackingId.Of(context);
        var body = new ErrorBody(
            message,
            (details is { Count: > 0 } ? details : [message]).Select(d => new ErrorDescription(d)).ToList(),
            TrackingId.Of(context));
        await WebexResults.WriteJsonAsync(response, body, WireContext.Default.ErrorBody);
    }

    /// <summary>Default message for statuses produced by the framework (unknown route, 405, 415, ...).</summary>
    public static string DefaultMessage(int status) => status switch
    {
        400 => "The request could not be understood.",
        401 => "The request requires a valid access token set in the Authorization request header.",
        403 => "Forbidden.",
        404 => "The requested resource could not be found.",
        405 => "The request method is not supported for this resource.",
        413 => "The request body is too large.",
        415 => "Unsupported media type: send application/json or application/x-www-form-urlencoded.",
        429 => "Too many requests have been sent in a given amount of time.",
        _ => "An unexpected error occurred.",
    };
}
