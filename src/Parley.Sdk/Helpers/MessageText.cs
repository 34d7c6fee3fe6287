using System.Text;

namespace Parley.Sdk;

/// <summary>
/// Splits text that is over the message size limit into parts that each fit, for sending as several messages.
/// Cuts prefer line breaks, then spaces, and never fall inside a surrogate pair or a mention.
/// </summary>
public static class MessageText
{
    /// <summary>Webex's limit of <c>text</c> and <c>markdown</c>, in UTF-8 bytes.</summary>
    public const int MaxBytes = 7439;

    private const string Fence = "```";
    private const int MinBytes = 16;

    /// <summary>Splits plain text into parts of at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxBytes">The limit of one part; Webex's by default.</param>
    /// <returns>One part when the text fits, otherwise several, with whitespace at the cuts removed.</returns>
    public static IReadOnlyList<string> Split(string text, int maxBytes = MaxBytes) => SplitCore(text, maxBytes, markdown: false);

    /// <summary>
    /// Splits markdown like <see cref="Split"/>, and keeps code blocks intact: a fenced block cut in two is closed
    /// at the end of one part and opened again, with its info string, at the start of the next.
    /// </summary>
    /// <param name="markdown">The markdown.</param>
    /// <param name="maxBytes">The limit of one part; Webex's by default.</param>
    /// <returns>One part when the markdown fits, otherwise several.</returns>
    public static IReadOnlyList<string> SplitMarkdown(string markdown, int maxBytes = MaxBytes) => SplitCore(markdown, maxBytes, markdown: true);

    private static List<string> SplitCore(string text, int maxBytes, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, MinBytes);
        var parts = new List<string>();
        var rest = text;
        while (Encoding.UTF8.GetByteCount(rest) > maxBytes)
        {
            // Room for a closing fence, so that a part can always be closed without going over.
            var budget = markdown ? maxBytes - (Fence.Length + 1) : maxBytes;
            var cut = ChooseCut(rest, FitChars(rest, budget));
            var part = rest[..cut].TrimEnd();
            rest = rest[cut..];
            if (markdown && OpenFence(part) is { } opening && Encoding.UTF8.GetByteCount(opening) < maxBytes / 2)
            {
                part += "\n" + Fence;
                rest = opening + "\n" + rest;
            }
            if (part.Length > 0)
            {
                parts.Add(part);
            }
        }
        if (rest.Trim().Length > 0 || parts.Count == 0)
        {
            parts.Add(parts.Count == 0 ? rest : rest.TrimStart('\r', '\n'));
        }
        return parts;
    }

    /// <summary>The number of leading chars whose UTF-8 form fits in <paramref name="budget"/> bytes, never half a surrogate pair.</summary>
    private static int FitChars(string text, int budget)
    {
        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var size = pair ? 4 : text[i] < 0x80 ? 1 : text[i] < 0x800 ? 2 : 3;
            if (bytes + size > budget)
            {
                break;
            }
            bytes += size;
            i += pair ? 2 : 1;
        }
        return i;
    }

    /// <summary>Where to cut at or before <paramref name="end"/>: a line break or space in the second half, else <paramref name="end"/>; then before any mention the cut would split.</summary>
    private static int ChooseCut(string text, int end)
    {
        var cut = end;
        var newline = text.LastIndexOf('\n', end - 1, end);
        if (newline >= end / 2)
        {
            cut = newline + 1;
        }
        else
        {
            for (var i = end - 1; i >= end / 2; i--)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    cut = i + 1;
                    break;
                }
            }
        }
        var mention = text.LastIndexOf("<@", cut - 1, cut, StringComparison.Ordinal);
        if (mention > 0 && text.IndexOf('>', mention, cut - mention) < 0)
        {
            cut = mention;
        }
        return cut;
    }

    /// <summary>The opening line of a code fence left open at the end of <paramref name="markdown"/>, or null.</summary>
    private static string? OpenFence(string markdown)
    {
        string? open = null;
        foreach (var line in markdown.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith(Fence, StringComparison.Ordinal))
            {
                open = open is null ? trimmed.TrimEnd('\r') : null;
            }
        }
        return open;
    }
}
