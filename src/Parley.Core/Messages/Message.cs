namespace Parley.Core;

public sealed class Message
{
    /// <summary>Insertion sequence; breaks ordering ties between messages created in the same millisecond.</summary>
    public long Seq { get; set; }

    public Guid Id { get; set; }

    public Guid RoomId { get; set; }

    public Guid? ParentId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>The author's email when the message was posted.</summary>
    public required string PersonEmail { get; set; }

    public string? Text { get; set; }

    public string? Markdown { get; set; }

    public string? Html { get; set; }

    /// <summary>Mentioned people in order of first appearance, as comma-separated UUIDs; null when none.</summary>
    public string? MentionedPeople { get; set; }

    /// <summary>Comma-separated group mentions (e.g. <c>all</c>); null when none.</summary>
    public string? MentionedGroups { get; set; }

    /// <summary>The card attachments JSON array exactly as posted; null when none.</summary>
    public string? AttachmentsJson { get; set; }

    /// <summary>The blob holding the message's file (at most one); null when it has none.</summary>
    public string? FileKey { get; set; }

    public string? FileName { get; set; }

    public string? FileContentType { get; set; }

    public long? FileLength { get; set; }

    public DateTime Created { get; set; }

    public DateTime? Updated { get; set; }

    public int EditCount { get; set; }

    public IReadOnlyList<Guid> MentionedPeopleIds() =>
        MentionedPeople is null ? [] : MentionedPeople.Split(',').Select(Guid.Parse).ToList();
}

/// <summary>One row per (message, mentioned person), so "messages mentioning me" is an index range.</summary>
public sealed class MessageMention
{
    public Guid MessageId { get; set; }

    public Guid PersonId { get; set; }

    public Guid RoomId { get; set; }

    public DateTime Created { get; set; }

    public long Seq { get; set; }
}

/// <summary>Position in a message listing (newest first).</summary>
public sealed record MessageKey(DateTime Created, long Seq)
{
    /// <summary>Whether this position lists after <paramref name="other"/>: older, or as old and inserted earlier.</summary>
    public bool IsOlderThan(MessageKey other) => Created < other.Created || (Created == other.Created && Seq < other.Seq);
}

/// <summary>
/// A listed message's place and version: every edit increments <see cref="EditCount"/>, and nothing else about a stored
/// message changes, so a sequence number and edit count name one rendering of it on every node.
/// </summary>
public readonly record struct MessageVersion(long Seq, DateTime Created, int EditCount);

/// <summary>Filters of a room's message listing.</summary>
public sealed record MessageQuery(Guid RoomId, Guid? ParentId, Guid? MentionedPersonId, MessageKey? Before);

public interface IMessageStore
{
    Task<Message?> GetAsync(Guid id);

    /// <summary>
    /// The listing's messages as versions, newest first, strictly older than <paramref name="after"/> when given (a page's
    /// contents mostly come from <see cref="MessageJsonCache"/>).
    /// </summary>
    Task<IReadOnlyList<MessageVersion>> ListAsync(MessageQuery query, MessageKey? after, int limit);

    /// <summary>The same listing as <see cref="ListAsync"/>, each message read in full.</summary>
    Task<IReadOnlyList<Message>> ListMessagesAsync(MessageQuery query, MessageKey? after, int limit);

    /// <summary>Adds the message (assigning its sequence) and its mention rows.</summary>
    Task AddAsync(Message message);

    /// <summary>Replaces the mention rows of an edited message.</summary>
    Task ReplaceMentionsAsync(Message message);

    /// <summary>Increments the edit counter if it is below the limit; false when the limit is reached.</summary>
    Task<bool> TryCountEditAsync(Guid messageId, int limit);

    /// <summary>Deletes the message and its mention rows; its file, if any, is queued for the file sweeper.</summary>
    Task DeleteAsync(Guid messageId);
}
