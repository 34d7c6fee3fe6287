using System.Globalization;

namespace Parley.Contracts;

/// <summary>The wire timestamp format: UTC with exactly three fractional digits and a literal Z.</summary>
public static class WebexTime
{
    /// <summary>The length of every wire timestamp: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const int Length = 24;

    public static string ToWire(DateTime utc)
    {
        Span<byte> ascii = stackalloc byte[Length];
        Write(utc, ascii);
        return System.Text.Encoding.ASCII.GetString(ascii);
    }

    /// <summary>
    /// Writes the timestamp as ASCII into the first <see cref="Length"/> bytes. Digit by digit: every item of every
    /// response carries timestamps, and a custom format string is parsed again on each call.
    /// </summary>
    public static void Write(DateTime utc, Span<byte> ascii)
    {
        "0000-00-00T00:00:00.000Z"u8.CopyTo(ascii);
        ReadOnlySpan<int> values = [utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, utc.Millisecond];
        // Where each field's digits end; one separator byte follows each.
        ReadOnlySpan<int> ends = [4, 7, 10, 13, 16, 19, 23];
        for (var field = 0; field < values.Length; field++)
        {
            var value = values[field];
            var start = field == 0 ? 0 : ends[field - 1] + 1;
            for (var i = ends[field] - 1; i >= start; i--)
            {
                ascii[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    /// <summary>Parses any ISO 8601 date-time with Z or an offset into UTC.</summary>
    public static bool TryParse(string? value, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            && value.Contains('T', StringComparison.Ordinal))
        {
            utc = parsed.UtcDateTime;
            return true;
        }
        return false;
    }
}
