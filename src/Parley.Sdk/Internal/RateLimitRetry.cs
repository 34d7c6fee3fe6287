using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace Parley.Sdk.Internal;

/// <summary>The one resilience rule of the SDK: a 429 is retried after its <c>Retry-After</c>, a bounded number of times.</summary>
internal static class RateLimitRetry
{
    /// <summary>Adds the 429 retry to a pipeline (used by both the standalone client and <c>AddWebexClient</c>).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, WebexClientOptions options)
    {
        // Polly rejects zero attempts; zero means "no retry strategy at all".
        if (options.MaxRateLimitRetries <= 0)
        {
            return;
        }
        var fallback = options.DefaultRetryAfter;
        var cap = options.MaxRetryAfter;
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRateLimitRetries,
            // Only 429: other failures of a POST may have had effects, so repeating them is the caller's decision.
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome.Result, fallback, cap)),
        });
    }

    private static TimeSpan Delay(HttpResponseMessage? response, TimeSpan fallback, TimeSpan cap)
    {
        var wait = response is null ? null : RetryAfter(response, DateTimeOffset.UtcNow);
        var delay = wait ?? fallback;
        return delay > cap ? cap : delay;
    }

    /// <summary>
    /// The positive wait a response asks for: delta seconds (also fractional ones, which the typed header rejects)
    /// or an HTTP date. Null when the header is missing, malformed, zero or in the past.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        TimeSpan? wait = null;
        if (response.Headers.RetryAfter is { } header)
        {
            wait = header.Delta ?? (header.Date is { } date ? date - now : null);
        }
        else if (response.Headers.NonValidated.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            wait = TimeSpan.FromSeconds(seconds);
        }
        return wait > TimeSpan.Zero ? wait : null;
    }
}
