using Parley.Contracts;
using Parley.Core;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

public static class AttachmentActionsEndpoints
{
    public static RouteGroupBuilder MapAttachmentActions(this RouteGroupBuilder v1)
    {
        var actions = v1.MapGroup("/attachment/actions").WithTags("Attachment Actions");
        actions.MapPost("", Create).RequireScope(Scopes.MessagesWrite, Scopes.All);
        actions.MapGet("/{id}", Get).RequireScope(Scopes.MessagesRead, Scopes.All, Scopes.ComplianceMessagesRead);
        return v1;
    }

    private static async Task<IResult> Create(HttpContext context, AttachmentActionService actions) =>
        WebexResults.Ok(await actions.CreateAsync(context.Caller(), await RequestBody.ReadAsync<CreateAttachmentActionRequest>(context)));

    private static async Task<IResult> Get(string id, HttpContext context, AttachmentActionService actions) =>
        WebexResults.Ok(await actions.GetAsync(context.Caller(), id));
}
