using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Http;

/// <summary>
/// Reads a request body into a wire request type from JSON or a form. A form becomes a JSON object of strings
/// (repeated keys become arrays), and the lenient converters of <see cref="WebexJson"/> turn "true" into a
/// boolean and a single value into a one-element list, so both formats bind through the same contract.
/// </summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : new()
    {
        var request = context.Request;
        var typeInfo = (JsonTypeInfo<T>)WebexJson.Options.GetTypeInfo(typeof(T));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            // A body-less request with no media type binds as empty; a body needs a declared type.
            return request.ContentLength is null or 0 && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)
                ? new T()
                : throw new UnsupportedMediaTypeException();
        }
        if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            // The whole body, buffered by the request's pipe (Kestrel's size limit applies).
            var reader = request.BodyReader;
            var read = await reader.ReadAsync(context.RequestAborted);
            while (!read.IsCompleted)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await reader.ReadAsync(context.RequestAborted);
            }
            try
            {
                var body = read.Buffer;
                if (body.IsEmpty)
                {
                    return new T();
                }
                return Deserialize(body.IsSingleSegment ? body.FirstSpan : body.ToArray(), typeInfo);
            }
            finally
            {
                reader.AdvanceTo(read.Buffer.End);
            }
        }
        if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            return FromFields<T>(form);
        }
        throw new UnsupportedMediaTypeException();
    }

    /// <summary>Binds form fields (a repeated key becomes an array) through the JSON contract.</summary>
    public static T FromFields<T>(IEnumerable<KeyValuePair<string, StringValues>> fields) where T : new()
    {
        var json = new JsonObject();
        foreach (var (key, values) in fields)
        {
            json[key] = values.Count == 1
                ? JsonValue.Create(values[0])
                : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }
        var typeInfo = (JsonTypeInfo<T>)WebexJson.Options.GetTypeInfo(typeof(T));
        return Deserialize(JsonSerializer.SerializeToUtf8Bytes(json, WebexJson.Options), typeInfo);
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo) where T : new()
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new ValidationException("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
            var message = field is null
                ? "The request body is not valid JSON."
                : $"Invalid value for field '{field}'.";
            throw new ValidationException(message);
        }
        catch (InvalidOperationException)
        {
            throw new ValidationException("The request body is not valid JSON.");
        }
    }
}

/// <summary>415: the body's media type is missing or not accepted here.</summary>
public sealed class UnsupportedMediaTypeException() : Exception("Unsupported media type.");
