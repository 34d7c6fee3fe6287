using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>The <c>/attachment/actions</c> resource: card submissions.</summary>
public sealed class AttachmentActionsClient
{
    private readonly WebexConnection _connection;

    internal AttachmentActionsClient(WebexConnection connection) => _connection = connection;

    /// <summary>Submits a card, as a client does when its user presses a card's submit button.</summary>
    /// <param name="request"><c>type</c> (<c>submit</c>), the card's message and the input values.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<AttachmentAction> CreateAsync(CreateAttachmentActionRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CreateAttachmentActionRequest, AttachmentAction>(HttpMethod.Post, "attachment/actions", Paths.NotNull(request), cancellationToken);

    /// <summary>Gets a submission with its inputs (webhooks do not carry them).</summary>
    /// <param name="actionId">The attachment action's ID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<AttachmentAction> GetAsync(string actionId, CancellationToken cancellationToken = default) =>
        _connection.GetAsync<AttachmentAction>(Paths.Item("attachment/actions", actionId), null, cancellationToken);
}
