using System.Net;

namespace Parley.Sdk;

/// <summary>
/// The API answered with an error status. Carries what Webex's error body says (<c>message</c>,
/// <c>errors[].description</c>, <c>trackingId</c>); quote the tracking ID when reporting a problem.
/// </summary>
public class WebexApiException : Exception
{
    /// <summary>Creates an exception for an error response.</summary>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="message">The <c>message</c> of the error body, or a description of the status when there was none.</param>
    /// <param name="trackingId">The <c>trackingId</c> of the body or the <c>TrackingID</c> header.</param>
    /// <param name="errors">The <c>errors[].description</c> values of the body.</param>
    public WebexApiException(HttpStatusCode statusCode, string message, string? trackingId, IReadOnlyList<string> errors)
        : base(message)
    {
        StatusCode = statusCode;
        TrackingId = trackingId;
        Errors = errors;
    }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The request's tracking ID, when the server sent one.</summary>
    public string? TrackingId { get; }

    /// <summary>The descriptions of the body's <c>errors</c> array (several for several validation failures).</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>The API answered 429 and the configured number of retries was used up (or retrying is disabled).</summary>
public sealed class RateLimitException : WebexApiException
{
    /// <summary>Creates an exception for a 429 response.</summary>
    /// <param name="message">The <c>message</c> of the error body.</param>
    /// <param name="trackingId">The request's tracking ID.</param>
    /// <param name="errors">The <c>errors[].description</c> values of the body.</param>
    /// <param name="retryAfter">The wait the server asked for, when it sent a usable <c>Retry-After</c>.</param>
    public RateLimitException(string message, string? trackingId, IReadOnlyList<string> errors, TimeSpan? retryAfter)
        : base(HttpStatusCode.TooManyRequests, message, trackingId, errors)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait before the next request; null when the header was missing or malformed.</summary>
    public TimeSpan? RetryAfter { get; }
}
