using System.Net.Http.Headers;
using System.Text;
using Parley.Sdk.Internal;

namespace Parley.Sdk.Tests;

public sealed class MessageTextTests
{
    [Fact]
    public void Text_that_fits_is_one_part_unchanged()
    {
        Assert.Equal(["short\n"], MessageText.Split("short\n"));
        Assert.Equal([""], MessageText.Split(""));
    }

    [Fact]
    public void Text_exactly_at_the_limit_is_not_split_and_one_byte_more_is()
    {
        var atLimit = new string('a', MessageText.MaxBytes);

        Assert.Single(MessageText.Split(atLimit));
        Assert.Equal(2, MessageText.Split(atLimit + "b").Count);
    }

    [Fact]
    public void Cuts_prefer_line_breaks_then_spaces_and_measure_utf8_bytes()
    {
        var lines = MessageText.Split("ééééé\nfffff gggg hhhh", maxBytes: 16);
        var words = MessageText.Split("aaaa bbbb cccc dddd eeee", maxBytes: 16);

        Assert.Equal(["ééééé", "fffff gggg hhhh"], lines);
        Assert.Equal(["aaaa bbbb cccc", "dddd eeee"], words);
    }

    [Fact]
    public void A_surrogate_pair_and_a_mention_are_never_cut()
    {
        var emoji = string.Concat(Enumerable.Repeat("🙂", 10));
        var mention = "xxxxxxxxxx" + Mention.Person("Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x", "Bob");

        var emojiParts = MessageText.Split(emoji, maxBytes: 17);
        var mentionParts = MessageText.Split(mention, maxBytes: 50);

        Assert.Equal([16, 16, 8], emojiParts.Select(p => Encoding.UTF8.GetByteCount(p)));
        Assert.All(emojiParts, p => Assert.True(char.IsHighSurrogate(p[0]) && char.IsLowSurrogate(p[^1])));
        Assert.Equal(emoji, string.Concat(emojiParts));
        Assert.Equal(["xxxxxxxxxx", Mention.Person("Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x", "Bob")], mentionParts);
    }

    [Fact]
    public void A_code_block_cut_in_two_is_closed_and_reopened()
    {
        var code = "```csharp\n" + string.Join('\n', Enumerable.Range(0, 30).Select(i => $"var x{i} = {i};")) + "\n```";

        var parts = MessageText.SplitMarkdown(code, maxBytes: 200);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p =>
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 200);
            Assert.StartsWith("```csharp\n", p, StringComparison.Ordinal);
            Assert.EndsWith("```", p, StringComparison.Ordinal);
        });
        var body = parts.SelectMany(p => p.Split('\n')).Where(l => !l.StartsWith("```", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"var x{i} = {i};"), body);
    }

    [Fact]
    public void A_tiny_limit_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageText.Split("text", maxBytes: 3));
    }
}

public sealed class MarkdownTests
{
    [Fact]
    public void Mentions_have_webex_markup()
    {
        Assert.Equal("<@personId:abc|Bob>", Mention.Person("abc", "Bob"));
        Assert.Equal("<@personEmail:bob@example.com>", Mention.PersonEmail("bob@example.com"));
        Assert.Equal("<@personId:abc|Bob Smith>", Mention.Person("abc", "Bob> Smith"));
        Assert.Equal("<@all>", Mention.All);
        Assert.Throws<ArgumentException>(() => Mention.Person("a|b"));
    }

    [Fact]
    public void The_builder_escapes_user_text_and_formats_blocks_on_their_own_lines()
    {
        var markdown = new MarkdownBuilder()
            .Bold("Deploy").Text(" of *v1.2* by ").Mention("p1", "Ann").Line()
            .Link("notes [draft]", new Uri("https://example.com/a (1)"))
            .Code("a`b")
            .CodeBlock("```\ninner\n```", "md")
            .Quote("line 1\nline 2")
            .BulletList(["one", "#two"])
            .ToString();

        Assert.Equal(
            "**Deploy** of \\*v1\\.2\\* by <@personId:p1|Ann>\n"
            + "[notes \\[draft\\]](https://example.com/a%20%281%29)``a`b``\n"
            + "````md\n```\ninner\n```\n````\n"
            + "> line 1\n> line 2\n"
            + "\\- one\n".Replace("\\- one", "- one", StringComparison.Ordinal)
            + "- \\#two\n",
            markdown);
    }
}

public sealed class LinkHeaderTests
{
    [Theory]
    [InlineData("<https://x.test/v1/rooms?max=1&cursor=abc>; rel=\"next\"", "https://x.test/v1/rooms?max=1&cursor=abc")]
    [InlineData("<https://x.test/a?x=1,2>; rel=\"prev\", <https://x.test/b>; rel=next", "https://x.test/b")]
    [InlineData("<https://x.test/first>; rel=\"first\",<https://x.test/n>; title=\"a;b\"; REL=\"Next\"", "https://x.test/n")]
    [InlineData("</v1/rooms?cursor=r>; rel=\"next\"", "/v1/rooms?cursor=r")]
    public void Finds_the_next_link(string header, string expected)
    {
        Assert.Equal(expected, LinkHeader.Next(Headers(header)));
    }

    [Theory]
    [InlineData("<https://x.test/prev>; rel=\"prev\"")]
    [InlineData("garbage")]
    public void Finds_nothing_without_a_next_relation(string header)
    {
        Assert.Null(LinkHeader.Next(Headers(header)));
    }

    private static HttpResponseHeaders Headers(string link)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", link);
        return response.Headers;
    }
}
