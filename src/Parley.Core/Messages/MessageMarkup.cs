using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Parley.Core;

public enum MentionKind
{
    PersonId,
    PersonEmail,
    All,
}

/// <summary>One mention markup found in markdown: <c>&lt;@personId:…&gt;</c>, <c>&lt;@personEmail:…|name&gt;</c>, <c>&lt;@all&gt;</c>.</summary>
public sealed record MentionRef(MentionKind Kind, string Value, string? Name);

/// <summary>The person a mention resolved to.</summary>
public sealed record MentionTarget(Guid PersonId, string DisplayName);

/// <summary>What a message's text fields become once rendered.</summary>
public sealed record RenderedContent(
    string? Text,
    string? Markdown,
    string? Html,
    IReadOnlyList<Guid> MentionedPeople,
    IReadOnlyList<string> MentionedGroups);

/// <summary>
/// Webex's markdown dialect (40 §5): mention markup rewritten to <c>&lt;spark-mention&gt;</c>, raw HTML escaped,
/// only http/https/mailto links (with <c>rel="nofollow"</c>), no heading ids, compact code blocks, and a derived
/// plain text with "\n" between blocks. Also sanitizes the legacy <c>html</c> input.
/// </summary>
public static partial class MessageMarkup
{
    public const string GroupAll = "all";

    private static readonly MarkdownPipeline Pipeline = CreatePipeline();

    private static MarkdownPipeline CreatePipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UseReferralLinks("nofollow");
        builder.Extensions.Add(new WebexHtmlExtension());
        return builder.Build();
    }

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    [GeneratedRegex(@"<@(?:(?<kind>personId|personEmail):(?<value>[^|>\s]+)(?:\|(?<name>[^>]*))?|(?<all>all))>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    /// <summary>The mention markups of a markdown text, in order of appearance (duplicates included).</summary>
    public static IReadOnlyList<MentionRef> FindMentions(string markdown) =>
        MentionPattern().Matches(markdown).Select(ToRef).ToList();

    private static MentionRef ToRef(Match m)
    {
        if (m.Groups["all"].Success)
        {
            return new MentionRef(MentionKind.All, GroupAll, null);
        }
        var kind = m.Groups["kind"].Value.Equals("personId", StringComparison.OrdinalIgnoreCase) ? MentionKind.PersonId : MentionKind.PersonEmail;
        var name = m.Groups["name"].Success && m.Groups["name"].Value.Trim().Length > 0 ? m.Groups["name"].Value.Trim() : null;
        return new MentionRef(kind, m.Groups["value"].Value, name);
    }

    /// <summary>
    /// Renders markdown. <paramref name="resolve"/> maps a person mention to its person (null when unknown);
    /// <paramref name="groupMentions"/> is false in direct rooms, where <c>&lt;@all&gt;</c> stays literal text.
    /// </summary>
    public static RenderedContent RenderMarkdown(string markdown, Func<MentionRef, MentionTarget?> resolve, bool groupMentions)
    {
        // Mentions are swapped for placeholders the markdown parser treats as ordinary word characters, so they
        // survive emphasis and links, then swapped back for their element (html) or display text (text).
        var marker = UnusedPrivateUseChar(markdown);
        var people = new List<Guid>();
        var groups = new List<string>();
        var elements = new List<string>();
        var displays = new List<string>();
        var markdownParts = new List<string>();
        var placeheld = MentionPattern().Replace(markdown, match =>
        {
            var mention = ToRef(match);
            string element;
            string display;
            if (mention.Kind == MentionKind.All)
            {
                if (!groupMentions)
                {
                    return match.Value;
                }
                display = "All";
                element = "<spark-mention data-object-type=\"groupMention\" data-group-type=\"all\">All</spark-mention>";
                markdownParts.Add(element);
                if (!groups.Contains(GroupAll))
                {
                    groups.Add(GroupAll);
                }
            }
            else if (resolve(mention) is { } target)
            {
                display = mention.Name ?? target.DisplayName;
                // The ID as supplied for ID mentions; email mentions carry the resolved person's encoded ID.
                var objectId = mention.Kind == MentionKind.PersonId ? mention.Value : Ids.Person(target.PersonId);
                element = $"<spark-mention data-object-type=\"person\" data-object-id=\"{WebUtility.HtmlEncode(objectId)}\">{WebUtility.HtmlEncode(display)}</spark-mention>";
                markdownParts.Add(element);
                if (!people.Contains(target.PersonId))
                {
                    people.Add(target.PersonId);
                }
            }
            else
            {
                display = mention.Name ?? mention.Value;
                element = WebUtility.HtmlEncode(display);
                markdownParts.Add(display);
            }
            elements.Add(element);
            displays.Add(display);
            return Placeholder(marker, elements.Count - 1);
        });

        var stored = Substitute(placeheld, marker, markdownParts);
        var document = Markdown.Parse(placeheld, Pipeline);
        RestrictLinks(document);
        var html = Substitute(document.ToHtml(Pipeline), marker, elements).TrimEnd('\n');
        var text = Substitute(PlainText(document), marker, displays);
        return new RenderedContent(text.Length == 0 ? null : text, stored, html.Length == 0 ? null : html, people, groups);
    }

    /// <summary>Sanitizes legacy <c>html</c> input to the limited tag set and derives its plain text.</summary>
    public static RenderedContent RenderHtml(string html)
    {
        var sanitized = Sanitizer.Sanitize(html).Trim();
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var document = parser.ParseDocument("<body>" + sanitized + "</body>");
        var text = new StringBuilder();
        AppendHtmlText(document.Body!, text);
        var plain = CollapseLines(text.ToString());
        return new RenderedContent(plain.Length == 0 ? null : plain, null, sanitized.Length == 0 ? null : sanitized, [], []);
    }

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["h1", "h2", "h3", "ul", "ol", "li", "u", "i", "em", "b", "strong", "a", "p", "br"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(AllowedSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = true,
        };
        // Unknown tags keep their text, but the text of these is code or markup, never message content.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.LocalName is "script" or "style" or "template" or "noscript" or "iframe" or "object" or "textarea" or "select")
            {
                e.Tag.InnerHtml = "";
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", "nofollow");
            }
        };
        return sanitizer;
    }

    private static void AppendHtmlText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
                continue;
            }
            if (child is not IElement element)
            {
                continue;
            }
            var block = element.LocalName is "p" or "h1" or "h2" or "h3" or "ul" or "ol" or "li";
            if (element.LocalName == "br" || block)
            {
                text.Append('\n');
            }
            AppendHtmlText(element, text);
            if (block)
            {
                text.Append('\n');
            }
        }
    }

    private static string CollapseLines(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static char UnusedPrivateUseChar(string s)
    {
        for (var c = '\uE000'; c <= '\uF8FF'; c++)
        {
            if (!s.Contains(c, StringComparison.Ordinal))
            {
                return c;
            }
        }
        throw new InvalidOperationException("No private-use character is free.");
    }

    private static string Placeholder(char marker, int index) =>
        marker + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + marker;

    private static string Substitute(string s, char marker, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return s;
        }
        var pattern = new Regex(Regex.Escape(marker.ToString()) + "([0-9]+)" + Regex.Escape(marker.ToString()), RegexOptions.CultureInvariant);
        return pattern.Replace(s, m => values[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>Links to anything but http/https/mailto (and images) become their text.</summary>
    private static void RestrictLinks(MarkdownDocument document)
    {
        // One walk of the document finds both kinds; the tree changes once it is over.
        var restricted = document.Descendants<Inline>()
            .Where(inline => inline switch
            {
                LinkInline link => link.IsImage || !IsAllowedUrl(link.Url),
                AutolinkInline autolink => !autolink.IsEmail && !IsAllowedUrl(autolink.Url),
                _ => false,
            })
            .ToList();
        foreach (var inline in restricted)
        {
            if (inline is LinkInline link)
            {
                foreach (var child in link.ToList())
                {
                    child.Remove();
                    link.InsertBefore(child);
                }
                link.Remove();
            }
            else
            {
                var autolink = (AutolinkInline)inline;
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    private static bool IsAllowedUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && AllowedSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Webex's forms of hard breaks and code blocks, installed as an extension so that rendering uses Markdig's pooled
    /// renderers rather than building one per message.
    /// </summary>
    private sealed class WebexHtmlExtension : IMarkdownExtension
    {
        // Parsing is Markdig's own; only the HTML differs.
        public void Setup(MarkdownPipelineBuilder pipeline)
        {
        }

        public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
        {
            renderer.ObjectRenderers.Replace<LineBreakInlineRenderer>(new WebexLineBreakRenderer());
            renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new CompactCodeBlockRenderer());
        }
    }

    private static string PlainText(MarkdownDocument document)
    {
        var blocks = new List<string>();
        foreach (var block in document)
        {
            AppendBlockText(block, blocks);
        }
        return string.Join('\n', blocks);
    }

    private static void AppendBlockText(Block block, List<string> blocks)
    {
        switch (block)
        {
            case CodeBlock code:
                blocks.Add(CodeText(code));
                break;
            case LeafBlock { Inline: { } inline }:
                var text = new StringBuilder();
                AppendInlineText(inline, text);
                if (text.ToString().Trim() is { Length: > 0 } line)
                {
                    blocks.Add(line);
                }
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlockText(child, blocks);
                }
                break;
        }
    }

    private static void AppendInlineText(Inline inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append('\n');
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                text.Append(html.Tag);
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInlineText(child, text);
                }
                break;
        }
    }

    private static string CodeText(CodeBlock code) =>
        string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString()));

    /// <summary>Hard breaks as <c>&lt;br/&gt;</c>, the form Webex emits.</summary>
    private sealed class WebexLineBreakRenderer : HtmlObjectRenderer<LineBreakInline>
    {
        protected override void Write(HtmlRenderer renderer, LineBreakInline obj)
        {
            if (obj.IsHard)
            {
                renderer.Write("<br/>");
            }
            renderer.WriteLine();
        }
    }

    /// <summary><c>&lt;pre&gt;&lt;code&gt;</c> without the trailing newline Markdig adds after the last line.</summary>
    private sealed class CompactCodeBlockRenderer : HtmlObjectRenderer<CodeBlock>
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            renderer.EnsureLine();
            renderer.Write("<pre><code");
            if (obj is FencedCodeBlock { Info: { Length: > 0 } info })
            {
                renderer.Write(" class=\"language-").WriteEscape(info).Write("\"");
            }
            renderer.Write(">");
            renderer.WriteEscape(CodeText(obj));
            renderer.WriteLine("</code></pre>");
        }
    }
}
