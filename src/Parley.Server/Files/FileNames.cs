using Microsoft.AspNetCore.StaticFiles;

namespace Parley.Server.Files;

/// <summary>Names and media types of incoming files, whether uploaded or fetched by URL.</summary>
public static class FileNames
{
    private const string Fallback = "file";
    private static readonly FileExtensionContentTypeProvider _contentTypes = new();

    /// <summary>The last segment of a client-given name (never a path); <c>file</c> when nothing is left.</summary>
    public static string Clean(string? name)
    {
        name = Path.GetFileName((name ?? "").Trim().Trim('"').Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) ? Fallback : name;
    }

    /// <summary>The declared media type, else one guessed from the name, else <c>application/octet-stream</c>.</summary>
    public static string ContentType(string? declared, string name) =>
        !string.IsNullOrWhiteSpace(declared) ? declared
        : _contentTypes.TryGetContentType(name, out var guessed) ? guessed
        : "application/octet-stream";
}
