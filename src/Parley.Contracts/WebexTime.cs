using System.Globalization;

namespace Parley.Contracts;

/// <summary>The wire timestamp format: UTC with exactly three fractional digits and a literal Z.</summary>
public static class WebexTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToWire(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString(Format, CultureInfo.InvariantCulture);

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
