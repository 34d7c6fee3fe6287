using System.Text.Json;
using Parley.Contracts;
using Wire = Parley.Contracts;

namespace Parley.Core;

/// <summary>Card submissions (40 §9): recorded for anyone who can read the card, visible to its author and the submitter.</summary>
public sealed class AttachmentActionService(IDataStore store, TimeProvider time)
{
    public const string NotFound = "Could not find an attachment action with provided ID.";
    private const string Submit = "submit";

    public async Task<Wire.AttachmentAction> CreateAsync(Caller caller, CreateAttachmentActionRequest request)
    {
        if (request.Type != Submit)
        {
            throw new ValidationException("type must be \"submit\".");
        }
        var messageId = Ids.Require(request.MessageId, WebexIdType.Message, "messageId", MessageAccess.NotFound);
        if (request.Inputs is not { ValueKind: JsonValueKind.Object } inputs)
        {
            throw new ValidationException("inputs must be a JSON object.");
        }
        return await store.WriteAsync(async s =>
        {
            var (message, view) = await MessageAccess.GetReadableAsync(s, caller, messageId);
            if (message.AttachmentsJson is null)
            {
                throw new ValidationException("The message does not carry a card.");
            }
            var action = new AttachmentAction
            {
                Id = Uuid7.New(),
                MessageId = message.Id,
                RoomId = message.RoomId,
                PersonId = caller.PersonId,
                Type = Submit,
                InputsJson = JsonSerializer.Serialize(inputs, WebexJson.Options),
                Created = time.UtcNowMs(),
            };
            s.AttachmentActions.Add(action);
            var wire = ToWire(action);
            Outbox.AttachmentAction(s, action, wire, view.Room);
            return wire;
        });
    }

    public Task<Wire.AttachmentAction> GetAsync(Caller caller, string actionId)
    {
        var id = Ids.Require(actionId, WebexIdType.AttachmentAction, "id", NotFound);
        return store.ReadAsync(async s =>
        {
            var action = await s.AttachmentActions.GetAsync(id) ?? throw new NotFoundException(NotFound);
            if (action.PersonId == caller.PersonId)
            {
                return ToWire(action);
            }
            var room = await s.Rooms.GetAsync(action.RoomId);
            var message = await s.Messages.GetAsync(action.MessageId);
            var visible = (message is not null && message.PersonId == caller.PersonId)
                || (room is not null && MessageAccess.IsOrgComplianceOfficer(caller, room));
            return visible ? ToWire(action) : throw new NotFoundException(NotFound);
        });
    }

    public static Wire.AttachmentAction ToWire(AttachmentAction a) => new()
    {
        Id = Ids.AttachmentAction(a.Id),
        Type = a.Type,
        MessageId = Ids.Message(a.MessageId),
        Inputs = JsonSerializer.Deserialize<JsonElement>(a.InputsJson, WebexJson.Options),
        PersonId = Ids.Person(a.PersonId),
        RoomId = Ids.Room(a.RoomId),
        Created = a.Created,
    };
}
