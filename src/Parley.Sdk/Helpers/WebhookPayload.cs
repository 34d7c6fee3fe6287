using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parley.Contracts;

namespace Parley.Sdk;

/// <summary>
/// Checks and reads what a webhook receiver was sent. Verify the raw body bytes exactly as received, before any
/// parsing: a body re-serialized by the receiver may differ by a byte and fail. Comparisons take constant time.
/// </summary>
public static class WebhookPayload
{
    /// <summary>How far <c>webhook-timestamp</c> may be from now (either way) by default, as the Standard Webhooks libraries allow.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks <c>X-Spark-Signature</c>: hex HMAC-SHA1 of the body keyed with the webhook's secret (Webex and Parley).</summary>
    /// <param name="secret">The webhook's <c>secret</c>.</param>
    /// <param name="body">The request body as received.</param>
    /// <param name="signature">The header's value; null or empty fails.</param>
    public static bool VerifySpark(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return !string.IsNullOrWhiteSpace(signature) && SameText(WebhookSignatures.Spark(secret, body), signature.Trim().ToLowerInvariant());
    }

    /// <summary>
    /// Checks a Standard Webhooks signature (Parley): <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64&gt;</c>
    /// HMAC-SHA256 values of <c>{webhook-id}.{webhook-timestamp}.{body}</c>, and the timestamp must be recent, which
    /// stops replays of old deliveries. A <c>whsec_</c> secret is base64 key material; any other is its UTF-8 bytes.
    /// </summary>
    /// <param name="secret">The webhook's <c>secret</c>.</param>
    /// <param name="body">The request body as received.</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header (Unix seconds).</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="tolerance">The accepted clock difference; <see cref="DefaultTolerance"/> when null.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    public static bool VerifyStandard(
        string secret, ReadOnlySpan<byte> body, string? id, string? timestamp, string? signature, TimeSpan? tolerance = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (tolerance ?? DefaultTolerance).TotalSeconds)
        {
            return false;
        }
        var expected = WebhookSignatures.Standard(secret, id, seconds, body);
        var verified = false;
        // Several signatures appear while a secret is rotated; any one verifies. Every one is compared, in constant time.
        foreach (var candidate in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            verified |= SameText(expected, candidate);
        }
        return verified;
    }

    /// <summary>Reads a webhook body into its envelope; <see cref="WebhookEnvelope.Data"/> holds the event's object.</summary>
    /// <param name="body">The request body.</param>
    public static WebhookEnvelope Parse(ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize<WebhookEnvelope>(body, WebexJson.Options) ?? throw new JsonException("The webhook body is null.");

    private static bool SameText(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
