using System.Net;
using Parley.Contracts;

namespace Parley.Server.Tests;

public sealed class RoomTabTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Create_get_update_and_delete_a_tab()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Tabbed");

        var (response, tab) = await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "https://example.com/board", displayName = "Board" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(WebexId.TryDecode(tab!.Id(), out var type, out _));
        Assert.Equal("ROOM_TAB", type);
        Assert.Equal(room.Id(), tab!["roomId"]!.GetValue<string>());
        Assert.Equal("group", tab["roomType"]!.GetValue<string>());
        Assert.Equal("Board", tab["displayName"]!.GetValue<string>());
        Assert.Equal("https://example.com/board", tab["contentUrl"]!.GetValue<string>());
        Assert.Equal(alice.Id, tab["creatorId"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", tab["created"]!.GetValue<string>());

        var (_, fetched) = await alice.Client.GetJsonAsync($"/v1/room/tabs/{tab!.Id()}");
        Assert.Equal(tab!.ToJsonString(), fetched!.ToJsonString());

        var (updateResponse, updated) = await alice.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", new { roomId = room.Id(), contentUrl = "http://127.0.0.1:8080/file", displayName = "Local" });
        Assert.Equal(HttpStatusCode.OK, updateResponse.StatusCode);
        Assert.Equal("http://127.0.0.1:8080/file", updated!["contentUrl"]!.GetValue<string>());
        Assert.Equal("Local", updated["displayName"]!.GetValue<string>());

        var (deleteResponse, body) = await alice.Client.DeleteJsonAsync($"/v1/room/tabs/{tab!.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, deleteResponse.StatusCode);
        Assert.Null(body);
        (await alice.Client.GetJsonAsync($"/v1/room/tabs/{tab!.Id()}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Create_validates_input_and_stores_nothing()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Validated");

        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { contentUrl = "https://example.com", displayName = "x" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), displayName = "x" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "https://example.com" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "ftp://example.com/f", displayName = "x" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "/relative", displayName = "x" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = "bad!", contentUrl = "https://example.com", displayName = "x" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", $"{{\"roomId\": \"{room.Id()}\", \"contentUrl\": 5, \"displayName\": \"x\"}}")).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = WebexId.Encode("ROOM", Guid.NewGuid()), contentUrl = "https://example.com", displayName = "x" })).AssertWebexError(404);

        var (_, tabs) = await alice.Client.GetJsonAsync($"/v1/room/tabs?roomId={room.Id()}");
        Assert.Empty(tabs!["items"]!.AsArray());
        var (formResponse, formTab) = await alice.Client.PostFormAsync("/v1/room/tabs", new() { ["roomId"] = room.Id(), ["contentUrl"] = "https://example.com/form", ["displayName"] = "Form" });
        Assert.Equal(HttpStatusCode.OK, formResponse.StatusCode);
        Assert.Equal("Form", formTab!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_needs_a_visible_room_and_pages_oldest_first()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Many tabs");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, tab) = await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = $"https://example.com/{i}", displayName = $"Tab {i}" });
            created.Add(tab!.Id());
            await Task.Delay(2);
        }

        (await alice.Client.GetJsonAsync("/v1/room/tabs")).AssertWebexError(400);
        (await bob.Client.GetJsonAsync($"/v1/room/tabs?roomId={room.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/room/tabs/{created[0]}")).AssertWebexError(404);
        var seen = await alice.Client.GetAllPagesAsync($"/v1/room/tabs/?roomId={room.Id()}&max=2", expectedMax: "2", expectedParams: [$"roomId={room.Id()}"]);

        Assert.Equal(3, seen.Pages);
        Assert.Equal(created, seen.Items.Select(t => t["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Locked_rooms_let_only_moderators_manage_tabs()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Locked tabs", new() { ["isLocked"] = true });
        await alice.AddMemberAsync(room.Id(), bob.Id);
        var (_, tab) = await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "https://example.com", displayName = "Mod tab" });

        (await bob.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "https://example.com/b", displayName = "Bob" })).AssertWebexError(403);
        (await bob.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", new { roomId = room.Id(), contentUrl = "https://example.com/b", displayName = "Bob" })).AssertWebexError(403);
        (await bob.Client.DeleteJsonAsync($"/v1/room/tabs/{tab!.Id()}")).AssertWebexError(403);
        // Sending the tab back unchanged is not a change.
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", tab!.ToJsonString())).Response.StatusCode);

        var (_, fetched) = await bob.Client.GetJsonAsync($"/v1/room/tabs/{tab!.Id()}");
        Assert.Equal(tab!.ToJsonString(), fetched!.ToJsonString());
    }

    [Fact]
    public async Task Update_needs_the_same_room_and_delete_needs_the_creator_or_a_moderator()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Shared tabs");
        var other = await alice.CreateRoomAsync("Other");
        await alice.AddMemberAsync(room.Id(), bob.Id);
        var (_, tab) = await alice.Client.PostJsonAsync("/v1/room/tabs", new { roomId = room.Id(), contentUrl = "https://example.com", displayName = "Alice's" });

        (await alice.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", new { roomId = other.Id(), contentUrl = "https://example.com", displayName = "Moved" })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", new { roomId = room.Id(), displayName = "No URL" })).AssertWebexError(400);
        var (_, renamed) = await bob.Client.PutJsonAsync($"/v1/room/tabs/{tab!.Id()}", new { roomId = room.Id(), contentUrl = "https://example.com", displayName = "Renamed by Bob" });
        Assert.Equal("Renamed by Bob", renamed!["displayName"]!.GetValue<string>());
        (await bob.Client.DeleteJsonAsync($"/v1/room/tabs/{tab!.Id()}")).AssertWebexError(403);
        (await (await server.CreateUserAsync()).Client.DeleteJsonAsync($"/v1/room/tabs/{tab!.Id()}")).AssertWebexError(404);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/room/tabs/{tab!.Id()}")).Response.StatusCode);
    }
}
