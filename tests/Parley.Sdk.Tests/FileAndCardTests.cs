using System.Text;
using System.Text.Json;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

public sealed class FileAndCardTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task An_uploaded_file_downloads_with_the_same_bytes_name_and_type()
    {
        var (client, _, traffic) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Files" });
        var bytes = Encoding.UTF8.GetBytes("col1,col2\n1,2\n");
        traffic.Clear();

        var message = await client.Messages.CreateWithFileAsync(
            new CreateMessageRequest { RoomId = room.Id, Text = "the report" }, "rapport é.csv", new MemoryStream(bytes), "text/csv");
        using var download = await client.Contents.DownloadAsync(Assert.Single(message.Files!));
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy, TestContext.Current.CancellationToken);

        Assert.StartsWith("multipart/form-data", traffic.Exchanges[0].RequestContentType, StringComparison.Ordinal);
        Assert.Equal("the report", message.Text);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(("rapport é.csv", "text/csv", bytes.Length), (download.FileName, download.ContentType, download.Length));
    }

    [Fact]
    public async Task Downloads_never_send_the_token_outside_the_base_address()
    {
        var (client, _, traffic) = await server.NewUserAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => client.Contents.DownloadAsync("https://elsewhere.example/v1/contents/abc"));

        Assert.Empty(traffic.Exchanges);
    }

    [Fact]
    public async Task A_card_submission_is_created_and_read_back_by_the_cards_author()
    {
        var (bot, _, _) = await server.NewUserAsync("Card author");
        var (person, personUser, _) = await server.NewUserAsync("Submitter");
        var room = await bot.Rooms.CreateAsync(new CreateRoomRequest { Title = "Cards" });
        await bot.Memberships.CreateAsync(new CreateMembershipRequest { RoomId = room.Id, PersonId = personUser.Id });
        var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.3","body":[{"type":"Input.Text","id":"answer"}],"actions":[{"type":"Action.Submit","title":"Send"}]}""").RootElement;
        var message = await bot.Messages.CreateAsync(new CreateMessageRequest
        {
            RoomId = room.Id,
            Text = "fallback",
            Attachments = [new Attachment("application/vnd.microsoft.card.adaptive", card)],
        });

        var submitted = await person.AttachmentActions.CreateAsync(new CreateAttachmentActionRequest
        {
            Type = "submit",
            MessageId = message.Id,
            Inputs = JsonDocument.Parse("""{"answer":"forty-two"}""").RootElement,
        });
        var read = await bot.AttachmentActions.GetAsync(submitted.Id);

        Assert.Equal(("submit", message.Id, room.Id, personUser.Id), (read.Type, read.MessageId, read.RoomId, read.PersonId));
        Assert.Equal("forty-two", read.Inputs.GetProperty("answer").GetString());
        Assert.Equal(submitted.Id, read.Id);
    }
}
