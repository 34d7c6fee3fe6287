namespace Parley.Core;

public sealed class MessageOptions
{
    /// <summary>Limit of <c>text</c> and <c>markdown</c>, in UTF-8 bytes (Webex: 7439).</summary>
    public int MaxTextBytes { get; set; } = 7439;

    /// <summary>Edits allowed per message (Webex: 10).</summary>
    public int MaxEdits { get; set; } = 10;
}
