using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>
/// Messages as served JSON, by sequence number. Turning rows into JSON was most of the cost of listing a page, and a
/// stored message changes only when it is edited. An entry serves only the version it was made from (the edit count
/// read with the page, so an edit on another node is seen at once), and a message with a file only under the base URL
/// its file's link was made with.
/// </summary>
public sealed class MessageJsonCache(MessageOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(options.JsonCacheSize, 1) });

    private sealed record Entry(int EditCount, string? BaseUrl, JsonFragment Json);

    /// <summary>The message's JSON when this version of it is cached.</summary>
    public JsonFragment? Find(MessageVersion version, string baseUrl) =>
        _cache.TryGetValue(version.Seq, out Entry? entry) && entry!.EditCount == version.EditCount && (entry.BaseUrl is null || entry.BaseUrl == baseUrl)
            ? entry.Json
            : null;

    /// <summary>Serializes <paramref name="wire"/>, the served form of <paramref name="message"/>, and keeps it.</summary>
    public JsonFragment Add(Message message, Wire.Message wire, string baseUrl)
    {
        var json = JsonFragment.Of(wire);
        if (options.JsonCacheSize > 0)
        {
            _cache.Set(message.Seq, new Entry(message.EditCount, message.FileKey is null ? null : baseUrl, json), new MemoryCacheEntryOptions { Size = 1 });
        }
        return json;
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>A value already serialized with <see cref="WebexJson.Options"/>, written into a response as it is.</summary>
[JsonConverter(typeof(JsonFragmentConverter))]
public sealed class JsonFragment(byte[] utf8)
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    /// <summary><paramref name="value"/> serialized as responses serialize it.</summary>
    public static JsonFragment Of<T>(T value) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)WebexJson.Options.GetTypeInfo(typeof(T))));
}

public sealed class JsonFragmentConverter : JsonConverter<JsonFragment>
{
    public override JsonFragment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("JSON fragments are only written.");

    // Made by the wire serializer itself, so already valid.
    public override void Write(Utf8JsonWriter writer, JsonFragment value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}
