using System.Globalization;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>Typed access to query parameters: empty values count as absent; bad values are 400s.</summary>
public static class QueryParameters
{
    public static string? String(this HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public static int? Int(this HttpRequest request, string name)
    {
        var value = request.String(name);
        if (value is null)
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ValidationException($"Invalid value for parameter '{name}': expected an integer.");
    }

    public static bool? Bool(this HttpRequest request, string name)
    {
        var value = request.String(name);
        if (value is null)
        {
            return null;
        }
        return bool.TryParse(value, out var flag)
            ? flag
            : throw new ValidationException($"Invalid value for parameter '{name}': expected true or false.");
    }

    public static DateTime? Time(this HttpRequest request, string name)
    {
        var value = request.String(name);
        if (value is null)
        {
            return null;
        }
        return WebexTime.TryParse(value, out var utc)
            ? utc
            : throw new ValidationException($"Invalid value for parameter '{name}': expected an ISO 8601 timestamp.");
    }
}
