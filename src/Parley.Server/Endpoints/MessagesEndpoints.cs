using Parley.Contracts;
using Wire = Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class MessagesEndpoints
{
    private static readonly string[] Read = [Scopes.MessagesRead, Scopes.All, Scopes.ComplianceMessagesRead];

    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder v1)
    {
        var messages = v1.MapGroup("/messages").WithTags("Messages");
        messages.MapGet("", List).RequireScope(Read);
        // Before "/{messageId}" so "direct" is never read as an ID.
        messages.MapGet("/direct", ListDirect).RequireScope(Read);
        messages.MapPost("", Create).RequireScope(Scopes.MessagesWrite, Scopes.All);
        messages.MapGet("/{messageId}", Get).RequireScope(Read);
        messages.MapPut("/{messageId}", Update).RequireScope(Scopes.MessagesWrite, Scopes.All);
        messages.MapDelete("/{messageId}", Delete).RequireScope(Scopes.MessagesWrite, Scopes.All, Scopes.ComplianceMessagesWrite);
        return v1;
    }

    private static async Task<IResult> List(HttpContext context, MessageService messages)
    {
        var request = context.Request;
        var (page, max) = await messages.ListAsync(context.Caller(), new MessageListRequest(
            request.String("roomId"),
            request.String("parentId"),
            request.String("mentionedPeople"),
            request.String("cursor") is null ? request.Time("before") : null,
            request.String("beforeMessage"),
            request.Int("max"),
            request.String("cursor")), context.PublicBaseUrl());
        return WebexResults.Page(new ItemList<JsonFragment>(page.Items), page.NextCursor, max);
    }

    private static async Task<IResult> ListDirect(HttpContext context, MessageService messages)
    {
        var request = context.Request;
        var (page, max) = await messages.ListDirectAsync(context.Caller(), new DirectMessageListRequest(
            request.String("personId"),
            request.String("personEmail"),
            request.String("parentId"),
            request.Int("max"),
            request.String("cursor")), context.PublicBaseUrl());
        return WebexResults.Page(new ItemList<JsonFragment>(page.Items), page.NextCursor, max);
    }

    /// <summary>JSON or form (a file by URL), or multipart (an uploaded file, 40 §4.3).</summary>
    private static async Task<IResult> Create(HttpContext context, MessageService messages, IBlobStore blobs, MessageFileOptions files)
    {
        var (request, upload) = MultipartMessage.IsMultipart(context.Request)
            ? await MultipartMessage.ReadAsync(context, blobs, files)
            : (await RequestBody.ReadAsync<CreateMessageRequest>(context), null);
        return WebexResults.Ok(await messages.CreateAsync(context.Caller(), request, context.PublicBaseUrl(), upload, context.RequestAborted));
    }

    private static async Task<IResult> Get(string messageId, HttpContext context, MessageService messages) =>
        WebexResults.Ok(await messages.GetAsync(context.Caller(), messageId, context.PublicBaseUrl()));

    private static async Task<IResult> Update(string messageId, HttpContext context, MessageService messages) =>
        WebexResults.Ok(await messages.UpdateAsync(context.Caller(), messageId, await RequestBody.ReadAsync<UpdateMessageRequest>(context), context.PublicBaseUrl()));

    private static async Task<IResult> Delete(string messageId, HttpContext context, MessageService messages)
    {
        await messages.DeleteAsync(context.Caller(), messageId, context.PublicBaseUrl());
        return WebexResults.NoContent();
    }
}
