using System.Text.Json;

namespace Parley.Contracts;

/// <summary>A card submission (40 §9.1); <c>inputs</c> is the card's input values as submitted.</summary>
public sealed record AttachmentAction
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string MessageId { get; init; }
    public required JsonElement Inputs { get; init; }
    public required string PersonId { get; init; }
    public required string RoomId { get; init; }
    public required DateTime Created { get; init; }
}

/// <summary>Body of <c>POST /v1/attachment/actions</c> (40 §9.2): <c>type</c> is <c>submit</c>, <c>inputs</c> a JSON object.</summary>
public sealed record CreateAttachmentActionRequest
{
    public string? Type { get; init; }
    public string? MessageId { get; init; }
    public JsonElement? Inputs { get; init; }
}
