using System.Buffers.Text;
using System.Text.Json;

namespace Parley.Core;

/// <summary>A page of results and, when more remain, the opaque cursor of the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Paging state carried in the <c>cursor</c> query parameter: the query's filters plus the sort key
/// of the last item returned, serialized as JSON and base64url-encoded. When a cursor is present its
/// filters govern (clients such as the Python SDK re-send the original parameters, sometimes mangled).
/// </summary>
public static class Cursor
{
    public static string Encode<T>(T state) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(state, CursorJson.Options));

    public static T Decode<T>(string cursor)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor), CursorJson.Options)
                ?? throw new ValidationException("Invalid cursor.");
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException)
        {
            throw new ValidationException("Invalid cursor.");
        }
    }

    /// <summary>Clamps a requested page size: 0 or negative is an error, above the cap is clamped.</summary>
    public static int ClampMax(int? requested, int defaultMax, int cap) => requested switch
    {
        null => defaultMax,
        <= 0 => throw new ValidationException("max must be a positive integer."),
        > 0 when requested > cap => cap,
        _ => requested.Value,
    };

    private static class CursorJson
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}
