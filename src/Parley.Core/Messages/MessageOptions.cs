namespace Parley.Core;

public sealed class MessageOptions
{
    /// <summary>Limit of <c>text</c> and <c>markdown</c>, in UTF-8 bytes (Webex: 7439).</summary>
    public int MaxTextBytes { get; set; } = 7439;

    /// <summary>Edits allowed per message (Webex: 10).</summary>
    public int MaxEdits { get; set; } = 10;

    /// <summary>Limit of a message's serialized card attachments, in UTF-8 bytes (Webex's limit is unpublished).</summary>
    public int MaxCardBytes { get; set; } = 28 * 1024;

    /// <summary>Messages whose served JSON is kept in memory for listings (about 1 KB each; 0 keeps none).</summary>
    public int JsonCacheSize { get; set; } = 20_000;
}
