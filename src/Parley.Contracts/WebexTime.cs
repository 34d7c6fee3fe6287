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
        Digits(ascii[..4], utc.Year);
        ascii[4] = (byte)'-';
        Digits(ascii[5..7], utc.Month);
        ascii[7] = (byte)'-';
        Digits(ascii[8..10], utc.Day);
        ascii[10] = (byte)'T';
        Digits(ascii[11..13], utc.Hour);
        ascii[13] = (byte)':';
        Digits(ascii[14..16], utc.Minute);
        ascii[16] = (byte)':';
        Digits(ascii[17..19], utc.Second);
        ascii[19] = (byte)'.';
        Digits(ascii[20..23], utc.Millisecond);
        ascii[23] = (byte)'Z';
    }

    /// <summary>The value's last <c>digits.Length</c> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
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
