namespace Parley.Core;

/// <summary>A card submission (40 §9).</summary>
public sealed class AttachmentAction
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public Guid RoomId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Always <c>submit</c> today.</summary>
    public required string Type { get; set; }

    /// <summary>The submitted input values, a JSON object as posted.</summary>
    public required string InputsJson { get; set; }

    public DateTime Created { get; set; }
}

public interface IAttachmentActionStore
{
    void Add(AttachmentAction action);

    Task<AttachmentAction?> GetAsync(Guid id);
}
