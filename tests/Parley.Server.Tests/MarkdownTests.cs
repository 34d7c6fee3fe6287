using Parley.Core;

namespace Parley.Server.Tests;

public sealed class MarkdownTests
{
    private static readonly Guid Bob = Guid.Parse("6a9d3e21-7c4b-4f8e-8d2a-0b1c2d3e4f5a");
    private static readonly string BobId = Parley.Contracts.WebexId.Encode("PEOPLE", Bob);

    private static MentionTarget? Resolve(MentionRef mention) =>
        mention.Value == BobId || mention.Value == "bob@example.com" ? new MentionTarget(Bob, "Bob Builder") : null;

    private static RenderedContent Render(string markdown, bool group = true) => MessageMarkup.RenderMarkdown(markdown, Resolve, group);

    [Fact]
    public void Email_mention_with_name_matches_the_spec_example()
    {
        var r = Render("<@personEmail:bob@example.com|Bob> please review **today**");
        var element = $"<spark-mention data-object-type=\"person\" data-object-id=\"{BobId}\">Bob</spark-mention>";
        Assert.Equal($"{element} please review **today**", r.Markdown);
        Assert.Equal($"<p>{element} please review <strong>today</strong></p>", r.Html);
        Assert.Equal("Bob please review today", r.Text);
        Assert.Equal([Bob], r.MentionedPeople);
        Assert.Empty(r.MentionedGroups);
    }

    [Fact]
    public void Id_mention_keeps_the_id_as_supplied_and_uses_the_display_name()
    {
        var bare = Bob.ToString("D");
        var r = MessageMarkup.RenderMarkdown($"hi <@personId:{bare}> and <@personId:{BobId}|B>", m => new MentionTarget(Bob, "Bob Builder"), true);
        Assert.Equal($"<p>hi <spark-mention data-object-type=\"person\" data-object-id=\"{bare}\">Bob Builder</spark-mention> and <spark-mention data-object-type=\"person\" data-object-id=\"{BobId}\">B</spark-mention></p>", r.Html);
        Assert.Equal("hi Bob Builder and B", r.Text);
        Assert.Equal([Bob], r.MentionedPeople);
    }

    [Fact]
    public void Unknown_mentions_render_their_display_text_only()
    {
        var r = Render("<@personEmail:nobody@example.com|Nobody> and <@personEmail:ghost@example.com>");
        Assert.Equal("Nobody and ghost@example.com", r.Markdown);
        Assert.Equal("<p>Nobody and ghost@example.com</p>", r.Html);
        Assert.Empty(r.MentionedPeople);
    }

    [Fact]
    public void All_is_a_group_mention_in_group_rooms_and_literal_in_direct_rooms()
    {
        var group = Render("<@ALL> standup");
        const string element = "<spark-mention data-object-type=\"groupMention\" data-group-type=\"all\">All</spark-mention>";
        Assert.Equal($"{element} standup", group.Markdown);
        Assert.Equal($"<p>{element} standup</p>", group.Html);
        Assert.Equal("All standup", group.Text);
        Assert.Equal(["all"], group.MentionedGroups);

        var direct = Render("<@all> standup", group: false);
        Assert.Equal("<@all> standup", direct.Markdown);
        Assert.Equal("<p>&lt;@all&gt; standup</p>", direct.Html);
        Assert.Empty(direct.MentionedGroups);
    }

    [Fact]
    public void Raw_html_is_escaped()
    {
        var r = Render("<b>x</b> <script>alert(1)</script>");
        Assert.Equal("<p>&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>", r.Html);
        Assert.Equal("<b>x</b> <script>alert(1)</script>", r.Text);
    }

    [Fact]
    public void Links_get_nofollow_and_unsafe_schemes_become_text()
    {
        var r = Render("[site](https://example.com) [bad](javascript:alert(1)) <http://a.example/x> [mail](mailto:a@example.com)");
        Assert.Equal(
            "<p><a href=\"https://example.com\" rel=\"nofollow\">site</a> bad <a href=\"http://a.example/x\" rel=\"nofollow\">http://a.example/x</a> <a href=\"mailto:a@example.com\" rel=\"nofollow\">mail</a></p>",
            r.Html);
        Assert.Equal("site bad http://a.example/x mail", r.Text);
    }

    [Fact]
    public void Blocks_render_to_the_dialect_and_text_keeps_one_newline_between_blocks()
    {
        var r = Render("# Title\n\nline one  \nline _two_\n\n- a\n- `b`\n\n1. x\n\n> quote\n\n```\ncode  \nmore\n```");
        Assert.Equal(
            "<h1>Title</h1>\n<p>line one<br/>\nline <em>two</em></p>\n<ul>\n<li>a</li>\n<li><code>b</code></li>\n</ul>\n<ol>\n<li>x</li>\n</ol>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<pre><code>code  \nmore</code></pre>",
            r.Html);
        Assert.Equal("Title\nline one\nline two\na\nb\nx\nquote\ncode  \nmore", r.Text);
    }

    [Fact]
    public void Duplicate_mentions_are_listed_once_in_order_of_first_appearance()
    {
        var alice = Guid.NewGuid();
        var r = MessageMarkup.RenderMarkdown(
            "<@personEmail:a@example.com> <@personEmail:bob@example.com> <@personEmail:a@example.com>",
            m => m.Value == "a@example.com" ? new MentionTarget(alice, "Alice") : Resolve(m),
            true);
        Assert.Equal([alice, Bob], r.MentionedPeople);
        Assert.Equal("Alice Bob Builder Alice", r.Text);
    }

    [Fact]
    public void Mentions_survive_emphasis()
    {
        var r = Render("**<@personEmail:bob@example.com>** ok");
        Assert.Equal($"<p><strong><spark-mention data-object-type=\"person\" data-object-id=\"{BobId}\">Bob Builder</spark-mention></strong> ok</p>", r.Html);
        Assert.Equal("Bob Builder ok", r.Text);
    }

    [Fact]
    public void Html_input_is_sanitized_to_the_limited_tag_set()
    {
        var r = MessageMarkup.RenderHtml("<h2>Hi</h2><p onclick=\"x()\">a <b>b</b> <span>c</span><script>evil()</script> <a href=\"javascript:x\">j</a> <a href=\"https://e.example\">e</a></p>");
        Assert.Equal("<h2>Hi</h2><p>a <b>b</b> c <a>j</a> <a href=\"https://e.example\" rel=\"nofollow\">e</a></p>", r.Html);
        Assert.Equal("Hi\na b c j e", r.Text);
    }
}
