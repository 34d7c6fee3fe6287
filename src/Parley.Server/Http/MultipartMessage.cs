using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Parley.Contracts;
using Parley.Core;
using Parley.Server.Files;

namespace Parley.Server.Http;

/// <summary>
/// Reads a <c>multipart/form-data</c> message post (40 §4.3): text parts become the request's fields and the one
/// <c>files</c> part streams straight into blob storage, never whole into memory.
/// </summary>
public static class MultipartMessage
{
    /// <summary>Room for the text parts next to the largest file, in Kestrel's body limit.</summary>
    private const long FieldAllowance = 8 * 1024 * 1024;

    private const int MaxFieldBytes = 64 * 1024;

    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request's fields and its file (already in blob storage); the file is removed again if reading fails.</summary>
    public static async Task<(CreateMessageRequest Request, MessageFile? File)> ReadAsync(HttpContext context, IBlobStore blobs, MessageFileOptions options)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new ValidationException("The multipart body has no boundary.");
        }
        // The file limit is enforced below with a clear error; Kestrel's default body limit (30 MB) would cut it short.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxFileBytes + FieldAllowance;
        }
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, StringValues>();
        MessageFile? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ValidationException("Every part of a multipart body needs a Content-Disposition of form-data with a name.");
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (name != "files")
                    {
                        // Unknown fields are ignored; the reader skips the rest of this part.
                        continue;
                    }
                    if (file is not null)
                    {
                        throw new ValidationException("Only one file can be attached to a message.");
                    }
                    var blob = await blobs.PutAsync(section.Body, options.MaxFileBytes, context.RequestAborted);
                    var fileName = FileNames.Clean(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                    file = new MessageFile(fileName, FileNames.ContentType(section.ContentType, fileName), blob);
                }
                else if (name == "attachments")
                {
                    throw new ValidationException("attachments cannot be sent in a multipart body: post cards as JSON.");
                }
                else
                {
                    fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), await ReadFieldAsync(section, name, context.RequestAborted));
                }
            }
            return (RequestBody.FromFields<CreateMessageRequest>(fields), file);
        }
        catch (Exception ex) when (ex is FileTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await DrainAsync(context);
            throw new ValidationException(options.TooLargeMessage);
        }
        catch
        {
            if (file is not null)
            {
                blobs.Delete(file.Blob.Key);
            }
            throw;
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        return length > MaxFieldBytes
            ? throw new ValidationException($"The multipart field {name} exceeds {MaxFieldBytes} bytes.")
            : Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// Reads the rest of a refused body, up to Kestrel's limit, so the client finishes sending and reads the error
    /// instead of seeing its connection reset.
    /// </summary>
    private static async Task DrainAsync(HttpContext context)
    {
        var buffer = new byte[81920];
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over Kestrel's limit as well: it closes the connection after the response.
        }
    }
}
