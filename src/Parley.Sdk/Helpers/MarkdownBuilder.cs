using System.Text;

namespace Parley.Sdk;

/// <summary>
/// Builds message markdown with the user-supplied parts escaped, so that names and text taken from elsewhere cannot
/// turn into formatting, links or mentions. <c>ToString()</c> gives the markdown for <c>CreateMessageRequest.Markdown</c>.
/// </summary>
public sealed class MarkdownBuilder
{
    // CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start markup.
    private const string Special = "\\`*_{}[]()<>#+-.!|~";

    private readonly StringBuilder _markdown = new();

    /// <summary>Escapes text so that it renders literally.</summary>
    /// <param name="text">Plain text.</param>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Appends plain text, escaped.</summary>
    /// <param name="text">Plain text.</param>
    public MarkdownBuilder Text(string text)
    {
        _markdown.Append(Escape(text));
        return this;
    }

    /// <summary>Appends markdown as it is.</summary>
    /// <param name="markdown">Markdown that is already formatted.</param>
    public MarkdownBuilder Raw(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        _markdown.Append(markdown);
        return this;
    }

    /// <summary>Appends bold text.</summary>
    /// <param name="text">Plain text.</param>
    public MarkdownBuilder Bold(string text) => Wrap("**", text);

    /// <summary>Appends italic text.</summary>
    /// <param name="text">Plain text.</param>
    public MarkdownBuilder Italic(string text) => Wrap("*", text);

    /// <summary>Appends inline code (backticks inside the code are fenced with longer runs).</summary>
    /// <param name="code">The code, shown verbatim.</param>
    public MarkdownBuilder Code(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var fence = new string('`', LongestRun(code, '`') + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') ? " " : "";
        _markdown.Append(fence).Append(pad).Append(code).Append(pad).Append(fence);
        return this;
    }

    /// <summary>Appends a fenced code block on lines of its own.</summary>
    /// <param name="code">The code, shown verbatim.</param>
    /// <param name="language">An optional language for highlighting.</param>
    public MarkdownBuilder CodeBlock(string code, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var fence = new string('`', Math.Max(3, LongestRun(code, '`') + 1));
        EnsureLineStart();
        _markdown.Append(fence).Append(language).Append('\n').Append(code);
        EnsureLineStart();
        _markdown.Append(fence).Append('\n');
        return this;
    }

    /// <summary>Appends a link.</summary>
    /// <param name="text">The link text, escaped.</param>
    /// <param name="url">The target; must be absolute.</param>
    public MarkdownBuilder Link(string text, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("A link target must be absolute.", nameof(url));
        }
        // Parentheses and spaces would end the destination early; percent-encoding keeps the same URL.
        var target = url.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        _markdown.Append('[').Append(Escape(text)).Append("](").Append(target).Append(')');
        return this;
    }

    /// <summary>Appends a mention of a person by ID (see <see cref="Sdk.Mention.Person"/>).</summary>
    /// <param name="personId">The person's ID.</param>
    /// <param name="displayName">The text shown.</param>
    public MarkdownBuilder Mention(string personId, string? displayName = null)
    {
        _markdown.Append(Sdk.Mention.Person(personId, displayName));
        return this;
    }

    /// <summary>Appends a mention of a person by address (see <see cref="Sdk.Mention.PersonEmail"/>).</summary>
    /// <param name="email">The person's address.</param>
    /// <param name="displayName">The text shown.</param>
    public MarkdownBuilder MentionEmail(string email, string? displayName = null)
    {
        _markdown.Append(Sdk.Mention.PersonEmail(email, displayName));
        return this;
    }

    /// <summary>Appends a mention of everyone in the room.</summary>
    public MarkdownBuilder MentionAll()
    {
        _markdown.Append(Sdk.Mention.All);
        return this;
    }

    /// <summary>Appends a block quote on lines of its own.</summary>
    /// <param name="text">Plain text, escaped; may span lines.</param>
    public MarkdownBuilder Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureLineStart();
        foreach (var line in text.Split('\n'))
        {
            _markdown.Append("> ").Append(Escape(line.TrimEnd('\r'))).Append('\n');
        }
        return this;
    }

    /// <summary>Appends a bulleted list on lines of its own.</summary>
    /// <param name="items">Plain-text items, escaped.</param>
    public MarkdownBuilder BulletList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        EnsureLineStart();
        foreach (var item in items)
        {
            _markdown.Append("- ").Append(Escape(item)).Append('\n');
        }
        return this;
    }

    /// <summary>Ends the current line.</summary>
    public MarkdownBuilder Line()
    {
        _markdown.Append('\n');
        return this;
    }

    /// <summary>Ends the current paragraph (a blank line).</summary>
    public MarkdownBuilder Paragraph()
    {
        EnsureLineStart();
        _markdown.Append('\n');
        return this;
    }

    /// <summary>The markdown built so far.</summary>
    public override string ToString() => _markdown.ToString();

    private MarkdownBuilder Wrap(string marker, string text)
    {
        _markdown.Append(marker).Append(Escape(text)).Append(marker);
        return this;
    }

    private void EnsureLineStart()
    {
        if (_markdown.Length > 0 && _markdown[^1] != '\n')
        {
            _markdown.Append('\n');
        }
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
