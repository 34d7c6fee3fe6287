using System.Security.Cryptography;
using System.Text;

namespace Parley.Contracts;

/// <summary>Webhook signatures over the exact bytes sent; the server signs with these and the SDK verifies with them.</summary>
public static class WebhookSignatures
{
    /// <summary><c>X-Spark-Signature</c>: lower-case hex HMAC-SHA1 keyed with the secret's UTF-8 bytes (50 §6.3).</summary>
    public static string Spark(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Optional <c>X-Webex-Signature</c>: lower-case hex HMAC-SHA256.</summary>
    public static string Webex(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>
    /// Standard Webhooks <c>webhook-signature</c>: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.
    /// A <c>whsec_</c> secret is base64 key material as the specification defines; any other secret is used as UTF-8
    /// bytes, the same key as for <c>X-Spark-Signature</c>.
    /// </summary>
    public static string Standard(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(StandardKey(secret), signed));
    }

    public static byte[] StandardKey(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(secret["whsec_".Length..]);
            }
            catch (FormatException)
            {
                // Not base64 after all: fall through to the plain secret.
            }
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
