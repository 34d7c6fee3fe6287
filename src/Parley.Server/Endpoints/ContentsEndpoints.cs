using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class ContentsEndpoints
{
    public static RouteGroupBuilder MapContents(this RouteGroupBuilder v1)
    {
        v1.MapMethods("/contents/{contentId}", [HttpMethods.Get, HttpMethods.Head], Get)
            .WithTags("Contents")
            .RequireScope(Scopes.MessagesRead, Scopes.All, Scopes.ComplianceMessagesRead);
        return v1;
    }

    /// <summary>The file's bytes (HEAD: headers only), with byte ranges (40 §7).</summary>
    private static async Task<IResult> Get(string contentId, HttpContext context, MessageService messages)
    {
        var content = await messages.GetContentAsync(context.Caller(), contentId);
        context.Response.Headers.ContentDisposition = Disposition(content.Name);
        context.Response.Headers.CacheControl = "private";
        return Results.File(content.Stream, content.ContentType, enableRangeProcessing: true);
    }

    /// <summary><c>attachment; filename="…"</c>, plus RFC 6266's <c>filename*</c> when the name is not plain ASCII.</summary>
    private static string Disposition(string name)
    {
        static bool Plain(char c) => c is >= ' ' and < '\x7f';
        var ascii = string.Concat(name.Select(c => Plain(c) ? c : '_')).Replace("\\", "\\\\").Replace("\"", "\\\"");
        var header = $"attachment; filename=\"{ascii}\"";
        return name.All(Plain) ? header : $"{header}; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }
}
