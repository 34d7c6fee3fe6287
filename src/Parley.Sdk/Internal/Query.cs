using System.Globalization;
using System.Text;
using Parley.Contracts;

namespace Parley.Sdk.Internal;

/// <summary>Query parameters with Webex's spellings: camelCase names, lower-case booleans, wire timestamps; null values are left out.</summary>
internal sealed class Query
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public Query Add(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.Add(new(name, value));
        }
        return this;
    }

    public Query Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public Query Add(string name, bool? value) => Add(name, value switch { true => "true", false => "false", null => null });

    public Query Add(string name, DateTimeOffset? value) => Add(name, value is { } time ? WebexTime.ToWire(time.UtcDateTime) : null);

    public Query Add(string name, IEnumerable<string>? values) =>
        values?.ToArray() is { Length: > 0 } list ? Add(name, string.Join(',', list)) : this;

    public string ToQueryString()
    {
        if (_parameters.Count == 0)
        {
            return "";
        }
        var builder = new StringBuilder();
        foreach (var (name, value) in _parameters)
        {
            builder.Append(builder.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }
}
