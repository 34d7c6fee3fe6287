using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Parley.Contracts;

/// <summary>The one JSON configuration of the wire: camelCase, nulls omitted, JSON.stringify-compatible escaping.</summary>
public static class WebexJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Applies the wire settings to an options instance (for example ASP.NET Core's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptCompatibleEncoder.Instance;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.Converters.Add(new WebexTimeConverter());
        options.Converters.Add(new LenientBooleanConverter());
        options.Converters.Add(new StringOrArrayConverter());
        if (!options.TypeInfoResolverChain.Contains(WireContext.Default))
        {
            options.TypeInfoResolverChain.Insert(0, WireContext.Default);
        }
        if (!options.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().Any())
        {
            // Types outside the wire context (cursors, card JSON) fall back to reflection.
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }
        return options;
    }
}

/// <summary>Writes timestamps as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; reads any ISO 8601 form.</summary>
public sealed class WebexTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && WebexTime.TryParse(reader.GetString(), out var utc)
            ? utc
            : throw new JsonException("Expected an ISO 8601 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<byte> ascii = stackalloc byte[WebexTime.Length];
        WebexTime.Write(value, ascii);
        writer.WriteStringValue(ascii);
    }
}

/// <summary>Accepts JSON booleans and the strings "true"/"false" (form bodies and loosely typed clients send those).</summary>
public sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
            _ => throw new JsonException("Expected true or false."),
        };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value);
}

/// <summary>Reads a list of strings from an array or from a single string (a form field sent once).</summary>
public sealed class StringOrArrayConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of strings.");
        }
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException("Expected an array of strings."));
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }
}
