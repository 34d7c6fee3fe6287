using System.Text;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

public sealed class MessageTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Post_get_edit_list_and_delete_messages_in_a_room()
    {
        var (client, user, _) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Chat" });

        var posted = await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Markdown = "hello **there**" });
        var edited = await client.Messages.UpdateAsync(posted.Id, new UpdateMessageRequest { RoomId = room.Id, Markdown = "hello *again*" });
        var fetched = await client.Messages.GetAsync(posted.Id);
        var reply = await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, ParentId = posted.Id, Text = "a reply" });
        var thread = await client.Messages.ListAsync(new MessageListOptions { RoomId = room.Id, ParentId = posted.Id }).ToListAsync();
        await client.Messages.DeleteAsync(reply.Id);

        Assert.Equal(user.Id, posted.PersonId);
        Assert.Contains("<strong>there</strong>", posted.Html, StringComparison.Ordinal);
        Assert.Equal("hello *again*", edited.Markdown);
        Assert.NotNull(edited.Updated);
        Assert.Equal(edited, fetched);
        Assert.Equal(reply.Id, Assert.Single(thread).Id);
        Assert.Equal([posted.Id], await client.Messages.ListAsync(new MessageListOptions { RoomId = room.Id }).Select(m => m.Id).ToListAsync());
    }

    [Fact]
    public async Task Lists_pages_newest_first_and_honours_before_message()
    {
        var (client, _, traffic) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "History" });
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = $"m{i}" })).Id);
        }
        traffic.Clear();

        var all = await client.Messages.ListAsync(new MessageListOptions { RoomId = room.Id, Max = 2 }).Select(m => m.Id).ToListAsync();
        var older = await client.Messages.ListAsync(new MessageListOptions { RoomId = room.Id, BeforeMessage = ids[2], Max = 1 }).Select(m => m.Id).ToListAsync();

        Assert.Equal(Enumerable.Reverse(ids), all);
        Assert.Equal(3, traffic.Exchanges.Count(e => e.Url.Query.Contains("max=2", StringComparison.Ordinal)));
        Assert.Equal([ids[1], ids[0]], older);
    }

    [Fact]
    public async Task Direct_messages_are_sent_by_address_and_listed_by_person()
    {
        var (alice, aliceUser, _) = await server.NewUserAsync("Alice");
        var (bob, bobUser, _) = await server.NewUserAsync("Bob");

        var sent = await alice.Messages.CreateAsync(new CreateMessageRequest { ToPersonEmail = bobUser.Email, Text = "psst" });
        var seenByBob = await bob.Messages.ListDirectAsync(new DirectMessageListOptions { PersonEmail = aliceUser.Email }).ToListAsync();
        var seenByAlice = await alice.Messages.ListDirectAsync(new DirectMessageListOptions { PersonId = bobUser.Id }).ToListAsync();

        Assert.Equal("direct", sent.RoomType);
        Assert.Equal(sent.Id, Assert.Single(seenByBob).Id);
        Assert.Equal(sent.Id, Assert.Single(seenByAlice).Id);
    }

    [Fact]
    public async Task Mentions_built_with_the_helpers_reach_the_server_and_escaped_text_mentions_nobody()
    {
        var carol = await server.CreateUserAsync("Carol");
        var bob = await server.CreateUserAsync("Bob");
        var dave = await server.CreateUserAsync("Dave");
        var room = await server.CreateGroupRoomAsync([carol, bob, dave]);
        var client = server.Client(carol.Token).Client;

        var markdown = new MarkdownBuilder()
            .Text("Hi ").Mention(bob.Id, "Bob").Text(" and ").MentionEmail(dave.Email, "Dave")
            .Text(", see <@all> and *this*: ").Bold("now")
            .ToString();
        var posted = await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room, Markdown = markdown });

        Assert.Equal(new[] { bob.Id, dave.Id }.Order(), posted.MentionedPeople!.Order());
        Assert.Null(posted.MentionedGroups);
        Assert.Contains("<strong>now</strong>", posted.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", posted.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_long_text_is_posted_as_several_messages_within_the_limit()
    {
        var (client, _, _) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Long" });
        var paragraph = string.Concat(Enumerable.Repeat("Grüße aus Köln 🙂 ", 40)) + "\n";
        var text = string.Concat(Enumerable.Repeat(paragraph, 20));
        Assert.True(Encoding.UTF8.GetByteCount(text) > MessageText.MaxBytes * 2);

        var tooLong = await Assert.ThrowsAsync<WebexApiException>(() => client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = text }));
        var parts = await client.Messages.CreateSplitAsync(new CreateMessageRequest { RoomId = room.Id, Text = text });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.InRange(Encoding.UTF8.GetByteCount(p.Text!), 1, MessageText.MaxBytes));
        Assert.Equal(text.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            string.Concat(parts.Select(p => p.Text)).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
        var listed = await client.Messages.ListAsync(new MessageListOptions { RoomId = room.Id }).Select(m => m.Id).ToListAsync();
        Assert.Equal(parts.Select(p => p.Id).Reverse(), listed);
    }
}
