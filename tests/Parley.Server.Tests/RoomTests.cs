using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class RoomTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Create_returns_200_with_the_room_and_the_creator_as_member()
    {
        var alice = await server.CreateUserAsync();

        var (response, room) = await alice.Client.PostJsonAsync("/v1/rooms", new { title = "  Planning  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Planning", room!["title"]!.GetValue<string>());
        Assert.Equal("group", room["type"]!.GetValue<string>());
        Assert.False(room["isLocked"]!.GetValue<bool>());
        Assert.False(room["isAnnouncementOnly"]!.GetValue<bool>());
        Assert.False(room["isReadOnly"]!.GetValue<bool>());
        Assert.False(room["isPublic"]!.GetValue<bool>());
        Assert.Null(room["teamId"]);
        Assert.Null(room["description"]);
        Assert.Equal(alice.Id, room["creatorId"]!.GetValue<string>());
        Assert.True(WebexId.TryDecode(room["ownerId"]!.GetValue<string>(), out var ownerType, out _));
        Assert.Equal("ORGANIZATION", ownerType);
        Assert.True(WebexId.TryDecode(room["id"]!.GetValue<string>(), out var roomType, out _));
        Assert.Equal("ROOM", roomType);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", room["created"]!.GetValue<string>());
        Assert.Equal(room["created"]!.GetValue<string>(), room["lastActivity"]!.GetValue<string>());

        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room["id"]}");
        var only = Assert.Single(members!["items"]!.AsArray());
        Assert.Equal(alice.Id, only!["personId"]!.GetValue<string>());
        Assert.False(only["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_locked_and_announcement_only_makes_the_creator_moderator()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Announcements", new() { ["isLocked"] = true, ["isAnnouncementOnly"] = true });

        Assert.True(room["isLocked"]!.GetValue<bool>());
        Assert.True(room["isAnnouncementOnly"]!.GetValue<bool>());
        var (_, membership) = await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}");
        Assert.True(membership!["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_public_room_needs_a_description()
    {
        var alice = await server.CreateUserAsync();

        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Open", isPublic = true })).AssertWebexError(400);
        var room = await alice.CreateRoomAsync("Open", new() { ["isPublic"] = true, ["description"] = "For everyone" });

        Assert.True(room["isPublic"]!.GetValue<bool>());
        Assert.Equal("For everyone", room["description"]!.GetValue<string>());
        Assert.Equal(room["created"]!.GetValue<string>(), room["madePublic"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_rejects_bad_input_and_stores_nothing()
    {
        var alice = await server.CreateUserAsync();

        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "   " })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = new string('x', 257) })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", "{\"title\": \"Broken\"")).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", "{\"title\": \"Typed\", \"isLocked\": \"yes\"}")).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Direct", type = "direct" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Loud", isAnnouncementOnly = true })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Team", teamId = "not an id" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Team", teamId = WebexId.Encode("TEAM", Guid.NewGuid()) })).AssertWebexError(404);
        (await alice.Client.PostJsonAsync("/v1/rooms", new { title = "Team", teamId = alice.Id })).AssertWebexError(404);

        var (_, list) = await alice.Client.GetJsonAsync("/v1/rooms");
        Assert.Empty(list!["items"]!.AsArray());
    }

    [Fact]
    public async Task Create_accepts_form_bodies_and_ignores_type_group()
    {
        var alice = await server.CreateUserAsync();

        var (response, room) = await alice.Client.PostFormAsync("/v1/rooms", new() { ["title"] = "Form room", ["isLocked"] = "TRUE", ["type"] = "group" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Form room", room!["title"]!.GetValue<string>());
        Assert.True(room["isLocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_is_404_for_non_members_and_other_orgs_and_accepts_bare_uuids()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var stranger = await server.CreateUserAsync(orgId: Guid.NewGuid());
        var room = await alice.CreateRoomAsync("Private");

        (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        (await stranger.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync("/v1/rooms/%%%")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{alice.Id}")).AssertWebexError(404);
        var notFound = await alice.Client.GetJsonAsync($"/v1/rooms/{WebexId.Encode("ROOM", Guid.NewGuid())}");
        notFound.AssertWebexError(404);
        Assert.Equal("Could not find a room with provided ID.", notFound.Body!["message"]!.GetValue<string>());

        var (response, byUuid) = await alice.Client.GetJsonAsync($"/v1/rooms/{Spaces.Uuid(room.Id())}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(room.Id(), byUuid!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Meeting_info_is_404_with_the_documented_message()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Meet");

        var result = await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}/meetingInfo");
        result.AssertWebexError(404);
        Assert.Equal("Meeting information is not available for this room.", result.Body!["message"]!.GetValue<string>());
        var hidden = await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}/meetingInfo");
        hidden.AssertWebexError(404);
        Assert.Equal("Could not find a room with provided ID.", hidden.Body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_pages_with_an_absolute_link_that_repeats_the_query()
    {
        var alice = await server.CreateUserAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await alice.CreateRoomAsync($"Room {i}")).Id());
            // Distinct creation times keep the expected order independent of ID tie-breaks.
            await Task.Delay(2);
        }

        var seen = await alice.Client.GetAllPagesAsync("/v1/rooms/?max=2&type=group&sortBy=created", expectedMax: "2", expectedParams: ["type=group", "sortBy=created"]);

        Assert.Equal(3, seen.Pages);
        Assert.Equal(Enumerable.Reverse(created), seen.Items.Select(r => r["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_by_last_activity_pages_in_activity_order()
    {
        var alice = await server.CreateUserAsync();
        var rooms = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            rooms.Add((await alice.CreateRoomAsync($"Active {i}")).Id());
            await Task.Delay(2);
        }
        // Activity in the order 3, 0, 4: those come first, newest activity first, then 2 and 1 by creation.
        foreach (var index in new[] { 3, 0, 4 })
        {
            await Task.Delay(5);
            await alice.AddMemberAsync(rooms[index], (await server.CreateUserAsync()).Id);
        }

        var seen = await alice.Client.GetAllPagesAsync("/v1/rooms?sortBy=lastactivity&max=2", expectedMax: "2", expectedParams: ["sortBy=lastactivity"]);

        Assert.Equal([rooms[4], rooms[0], rooms[3], rooms[2], rooms[1]], seen.Items.Select(r => r["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_sorts_by_id_by_default_and_by_last_activity_when_asked()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var first = await alice.CreateRoomAsync("First");
        var second = await alice.CreateRoomAsync("Second");
        var third = await alice.CreateRoomAsync("Third");
        await Task.Delay(5);
        await alice.AddMemberAsync(first.Id(), bob.Id);

        var (_, byId) = await alice.Client.GetJsonAsync("/v1/rooms");
        var ids = byId!["items"]!.AsArray().Select(r => Spaces.Uuid(r!["id"]!.GetValue<string>())).ToList();
        Assert.Equal(ids.OrderBy(id => id, StringComparer.Ordinal), ids);
        Assert.Equal(3, ids.Count);

        var (_, byActivity) = await alice.Client.GetJsonAsync("/v1/rooms?sortBy=LastActivity");
        Assert.Equal([first.Id(), third.Id(), second.Id()], byActivity!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, firstNow) = await alice.Client.GetJsonAsync($"/v1/rooms/{first.Id()}");
        Assert.True(string.CompareOrdinal(firstNow!["lastActivity"]!.GetValue<string>(), first["lastActivity"]!.GetValue<string>()) > 0);

        (await alice.Client.GetJsonAsync("/v1/rooms?sortBy=title")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync("/v1/rooms?max=0")).AssertWebexError(400);
        (await alice.Client.GetJsonAsync("/v1/rooms?cursor=garbage!")).AssertWebexError(400);
        var (_, direct) = await alice.Client.GetJsonAsync("/v1/rooms?type=direct");
        Assert.Empty(direct!["items"]!.AsArray());
        var (_, anyType) = await alice.Client.GetJsonAsync("/v1/rooms?type=whatever");
        Assert.Equal(3, anyType!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_org_public_spaces_filters_by_made_public_and_rejects_other_filters()
    {
        var org = Guid.NewGuid();
        var alice = await server.CreateUserAsync(orgId: org);
        var bob = await server.CreateUserAsync(orgId: org);
        var outsider = await server.CreateUserAsync();
        var older = await alice.CreateRoomAsync("Older", new() { ["isPublic"] = true, ["description"] = "d" });
        await Task.Delay(5);
        var newer = await alice.CreateRoomAsync("Newer", new() { ["isPublic"] = true, ["description"] = "d" });
        await alice.CreateRoomAsync("Closed");

        var (_, all) = await bob.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=true");
        Assert.Equal([newer.Id(), older.Id()], all!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, fromNewer) = await bob.Client.GetJsonAsync($"/v1/rooms?orgPublicSpaces=True&from={Uri.EscapeDataString(newer["madePublic"]!.GetValue<string>())}");
        Assert.Equal([newer.Id()], fromNewer!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, toNewer) = await bob.Client.GetJsonAsync($"/v1/rooms?orgPublicSpaces=true&to={Uri.EscapeDataString(newer["madePublic"]!.GetValue<string>())}");
        Assert.Equal([older.Id()], toNewer!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, other) = await outsider.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=true");
        Assert.DoesNotContain(other!["items"]!.AsArray(), r => r!["id"]!.GetValue<string>() == newer.Id());

        // The Python SDK re-sends the original values unencoded on the next page: "+00:00" arrives as " 00:00".
        var since = Uri.EscapeDataString(older["madePublic"]!.GetValue<string>().Replace("Z", "+00:00", StringComparison.Ordinal));
        var (firstPage, onePublic) = await bob.Client.GetJsonAsync($"/v1/rooms?orgPublicSpaces=true&from={since}&max=1");
        Assert.Equal([newer.Id()], onePublic!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var next = System.Text.RegularExpressions.Regex.Match(firstPage.Headers.GetValues("Link").Single(), "<([^>]+)>").Groups[1].Value;
        var mangled = next.Replace(since, Uri.UnescapeDataString(since).Replace("+", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotEqual(next, mangled);
        var (secondPage, rest) = await bob.Client.GetJsonAsync(mangled);
        Assert.Equal(HttpStatusCode.OK, secondPage.StatusCode);
        Assert.Equal([older.Id()], rest!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        (await bob.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=true&type=group")).AssertWebexError(400);
        (await bob.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=true&sortBy=id")).AssertWebexError(400);
        (await bob.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=maybe")).AssertWebexError(400);
        // A public room is visible to the organization, not to outsiders.
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/rooms/{newer.Id()}")).Response.StatusCode);
        (await outsider.Client.GetJsonAsync($"/v1/rooms/{newer.Id()}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Update_renames_and_whole_object_put_is_accepted()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Old name");

        var fetched = (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).Body!.AsObject();
        fetched["title"] = "New name";
        var (response, updated) = await alice.Client.PutJsonAsync($"/v1/rooms/{room.Id()}", fetched.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New name", updated!["title"]!.GetValue<string>());
        Assert.False(updated["isLocked"]!.GetValue<bool>());
        Assert.Equal(room["lastActivity"]!.GetValue<string>(), updated["lastActivity"]!.GetValue<string>());
        var (formResponse, formUpdated) = await alice.Client.SendFormAsync(HttpMethod.Put, $"/v1/rooms/{room.Id()}", new() { ["title"] = "Form name", ["description"] = "About" });
        Assert.Equal(HttpStatusCode.OK, formResponse.StatusCode);
        Assert.Equal("About", formUpdated!["description"]!.GetValue<string>());
        var (_, cleared) = await alice.Client.PutJsonAsync($"/v1/rooms/{room.Id()}", new { title = "Form name", description = " " });
        Assert.Null(cleared!["description"]);
    }

    [Fact]
    public async Task Update_validates_and_leaves_the_room_unchanged()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Stable");
        var url = $"/v1/rooms/{room.Id()}";

        (await alice.Client.PutJsonAsync(url, new { description = "no title" })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync(url, new { title = "" })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync(url, "{\"title\": \"Changed\", \"isLocked\": \"yes\"}")).AssertWebexError(400);
        (await alice.Client.PutJsonAsync(url, "{\"title\": ")).AssertWebexError(400);
        (await alice.Client.PutJsonAsync(url, new { title = "Changed", isAnnouncementOnly = true })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync(url, new { title = "Changed", isReadOnly = true })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync(url, new { title = "Changed", isPublic = true, description = "d" })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync($"/v1/rooms/{WebexId.Encode("ROOM", Guid.NewGuid())}", new { title = "Changed" })).AssertWebexError(404);
        using (var text = new StringContent("title=x", System.Text.Encoding.UTF8, "text/plain"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await alice.Client.PutAsync(url, text)).StatusCode);
        }

        var (_, after) = await alice.Client.GetJsonAsync(url);
        Assert.Equal(room.ToJsonString(), after!.ToJsonString());
    }

    [Fact]
    public async Task Locking_makes_the_caller_moderator_and_only_moderators_change_a_locked_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Lockable");
        await alice.AddMemberAsync(room.Id(), bob.Id);
        var url = $"/v1/rooms/{room.Id()}";

        var (_, locked) = await bob.Client.PutJsonAsync(url, new { title = "Lockable", isLocked = true });
        Assert.True(locked!["isLocked"]!.GetValue<bool>());
        Assert.True((await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, room.Id())}")).Body!["isModerator"]!.GetValue<bool>());

        // Alice is now a plain member of a locked room: a whole-object PUT of what she fetched is a no-op...
        var fetched = (await alice.Client.GetJsonAsync(url)).Body!.AsObject();
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PutJsonAsync(url, fetched.ToJsonString())).Response.StatusCode);
        // ...but any real change is forbidden.
        fetched["title"] = "Renamed by Alice";
        (await alice.Client.PutJsonAsync(url, fetched.ToJsonString())).AssertWebexError(403);
        (await alice.Client.PutJsonAsync(url, new { title = "Lockable", isLocked = false })).AssertWebexError(403);

        var (_, announced) = await bob.Client.PutJsonAsync(url, new { title = "Lockable", isAnnouncementOnly = true });
        Assert.True(announced!["isAnnouncementOnly"]!.GetValue<bool>());
        var (_, unlocked) = await bob.Client.PutJsonAsync(url, new { title = "Lockable", isLocked = false });
        Assert.False(unlocked!["isLocked"]!.GetValue<bool>());
        Assert.False(unlocked["isAnnouncementOnly"]!.GetValue<bool>());
        Assert.False((await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, room.Id())}")).Body!["isModerator"]!.GetValue<bool>());
        var (_, renamed) = await alice.Client.PutJsonAsync(url, new { title = "Renamed by Alice" });
        Assert.Equal("Renamed by Alice", renamed!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_is_404_for_non_members_and_403_for_team_members_outside_the_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Crew");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var room = await alice.CreateRoomAsync("Crew room", new() { ["teamId"] = team.Id() });
        var stranger = await server.CreateUserAsync(orgId: Guid.NewGuid());

        (await stranger.Client.PutJsonAsync($"/v1/rooms/{room.Id()}", new { title = "Mine" })).AssertWebexError(404);
        (await bob.Client.PutJsonAsync($"/v1/rooms/{room.Id()}", new { title = "Mine" })).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.PutJsonAsync($"/v1/rooms/{room.Id()}", new { title = "Crew room", teamId = team.Id() })).Response.StatusCode);
    }

    [Fact]
    public async Task A_room_moves_into_a_team_once_and_not_between_teams()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Home");
        var other = await alice.CreateTeamAsync("Elsewhere");
        var bobsTeam = await bob.CreateTeamAsync("Bob's");
        var room = await alice.CreateRoomAsync("Wanderer");
        var url = $"/v1/rooms/{room.Id()}";

        (await alice.Client.PutJsonAsync(url, new { title = "Wanderer", teamId = bobsTeam.Id() })).AssertWebexError(404);
        var (_, moved) = await alice.Client.PutJsonAsync(url, new { title = "Wanderer", teamId = team.Id() });
        Assert.Equal(team.Id(), moved!["teamId"]!.GetValue<string>());
        (await alice.Client.PutJsonAsync(url, new { title = "Wanderer", teamId = other.Id() })).AssertWebexError(400);

        var locked = await alice.CreateRoomAsync("Moderated", new() { ["isLocked"] = true });
        await alice.AddMemberAsync(locked.Id(), bob.Id, moderator: true);
        (await alice.Client.PutJsonAsync($"/v1/rooms/{locked.Id()}", new { title = "Moderated", teamId = team.Id() })).AssertWebexError(400);
    }

    [Fact]
    public async Task Delete_of_an_unlocked_room_deletes_it_for_everyone()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Doomed");
        await alice.AddMemberAsync(room.Id(), bob.Id);

        (await (await server.CreateUserAsync()).Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        var (response, body) = await bob.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(body);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}")).AssertWebexError(404);
        (await alice.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Delete_by_a_non_moderator_of_a_locked_room_leaves_it()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Moderated", new() { ["isLocked"] = true });
        await alice.AddMemberAsync(room.Id(), bob.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);

        (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Equal([alice.Id], members!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Delete_of_a_team_room_archives_it_or_leaves_and_the_general_room_is_400()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Squad");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var room = await alice.CreateRoomAsync("Squad room", new() { ["teamId"] = team.Id() });
        await alice.AddMemberAsync(room.Id(), bob.Id);
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());

        (await alice.Client.DeleteJsonAsync($"/v1/rooms/{general.Id()}")).AssertWebexError(400);
        // Bob is neither team nor room moderator: he leaves.
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);
        var (_, afterLeave) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Single(afterLeave!["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);
        (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        var (_, teamRooms) = await bob.Client.GetJsonAsync($"/v1/rooms?teamId={team.Id()}");
        Assert.Equal([general.Id()], teamRooms!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Direct_rooms_cannot_be_deleted_or_renamed_and_show_the_other_persons_name()
    {
        var alice = await server.CreateUserAsync("Alice Direct");
        var bob = await server.CreateUserAsync("Bob Direct");
        var roomId = await server.ProvisionDirectRoomAsync(alice, bob);

        var (_, seenByAlice) = await alice.Client.GetJsonAsync($"/v1/rooms/{roomId}");
        Assert.Equal("Bob Direct", seenByAlice!["title"]!.GetValue<string>());
        Assert.Equal("direct", seenByAlice["type"]!.GetValue<string>());
        var (_, seenByBob) = await bob.Client.GetJsonAsync($"/v1/rooms/{roomId}");
        Assert.Equal("Alice Direct", seenByBob!["title"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PutJsonAsync($"/v1/rooms/{roomId}", seenByAlice.ToJsonString())).Response.StatusCode);
        (await alice.Client.PutJsonAsync($"/v1/rooms/{roomId}", new { title = "Renamed" })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync($"/v1/rooms/{roomId}", new { title = "Bob Direct", isLocked = true })).AssertWebexError(403);
        (await alice.Client.DeleteJsonAsync($"/v1/rooms/{roomId}")).AssertWebexError(403);
        var (_, directList) = await alice.Client.GetJsonAsync("/v1/rooms?type=direct");
        Assert.Equal([roomId], directList!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_compliance_officer_outside_the_room_may_publish_and_freeze_it_but_not_rename_it()
    {
        var org = Guid.NewGuid();
        var alice = await server.CreateUserAsync(orgId: org);
        var officer = await server.CreateUserAsync(orgId: org);
        var colleague = await server.CreateUserAsync(orgId: org);
        var outsiderOfficer = await server.CreateUserAsync();
        await server.GrantRoleAsync(officer, RoleKeys.ComplianceOfficer);
        await server.GrantRoleAsync(outsiderOfficer, RoleKeys.ComplianceOfficer);
        var room = await alice.CreateRoomAsync("Audited", new() { ["description"] = "Quarterly numbers" });
        var url = $"/v1/rooms/{room.Id()}";

        (await outsiderOfficer.Client.PutJsonAsync(url, new { title = "Audited", isPublic = true })).AssertWebexError(404);
        (await officer.Client.PutJsonAsync(url, new { title = "Renamed" })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync(url, new { title = "Audited", isPublic = true })).AssertWebexError(403);
        var (_, published) = await officer.Client.PutJsonAsync(url, new { title = "Audited", isPublic = true });
        Assert.True(published!["isPublic"]!.GetValue<bool>());
        Assert.NotNull(published["madePublic"]);

        // Anyone in the organization may now find the room and join it.
        var (_, found) = await colleague.Client.GetJsonAsync("/v1/rooms?orgPublicSpaces=true");
        Assert.Contains(found!["items"]!.AsArray(), r => r!["id"]!.GetValue<string>() == room.Id());
        Assert.Equal(HttpStatusCode.OK, (await colleague.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = colleague.Id })).Response.StatusCode);

        var (_, frozen) = await officer.Client.PutJsonAsync(url, new { title = "Audited", isReadOnly = true });
        Assert.True(frozen!["isReadOnly"]!.GetValue<bool>());
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = outsiderOfficer.Id })).AssertWebexError(403);
        (await alice.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(colleague.Id, room.Id())}")).AssertWebexError(403);
        var (_, unpublished) = await alice.Client.PutJsonAsync(url, new { title = "Audited", isPublic = false });
        Assert.False(unpublished!["isPublic"]!.GetValue<bool>());
        Assert.Null(unpublished["madePublic"]);
    }

    [Fact]
    public async Task Large_max_is_clamped_and_patch_is_405()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Clamped");

        var (response, list) = await alice.Client.GetJsonAsync("/v1/rooms?max=100000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(list!["items"]!.AsArray());
        (await alice.Client.GetJsonAsync("/v1/rooms?max=ten")).AssertWebexError(400);
        (await alice.Client.SendJsonAsync(HttpMethod.Patch, $"/v1/rooms/{room.Id()}", new { title = "x" })).AssertWebexError(405);
    }
}

/// <summary>Shared helpers for the rooms, teams and memberships tests.</summary>
internal static class Spaces
{
    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static string Uuid(string id) => WebexId.TryDecode(id, out _, out var local) ? local : throw new ArgumentException(id);

    public static string MembershipId(string personId, string roomId) => WebexId.Encode("MEMBERSHIP", $"{Uuid(personId)}:{Uuid(roomId)}");

    public static string TeamMembershipId(string personId, string teamId) => WebexId.Encode("TEAM_MEMBERSHIP", $"{Uuid(personId)}:{Uuid(teamId)}");

    public static async Task<JsonNode> CreateRoomAsync(this TestUser user, string title, JsonObject? extra = null)
    {
        var body = extra ?? new JsonObject();
        body["title"] = title;
        var (response, room) = await user.Client.PostJsonAsync("/v1/rooms", body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return room!;
    }

    public static async Task<JsonNode> CreateTeamAsync(this TestUser user, string name)
    {
        var (response, team) = await user.Client.PostJsonAsync("/v1/teams", new { name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return team!;
    }

    public static async Task<JsonNode> AddMemberAsync(this TestUser user, string roomId, string personId, bool moderator = false)
    {
        var (response, membership) = await user.Client.PostJsonAsync("/v1/memberships", new { roomId, personId, isModerator = moderator });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return membership!;
    }

    public static async Task<JsonNode> AddTeamMemberAsync(this TestUser user, string teamId, string personId, bool moderator = false)
    {
        var (response, membership) = await user.Client.PostJsonAsync("/v1/team/memberships", new { teamId, personId, isModerator = moderator });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return membership!;
    }

    public static async Task<JsonNode> GeneralRoomAsync(TestUser member, string teamId)
    {
        var (_, rooms) = await member.Client.GetJsonAsync($"/v1/rooms?teamId={teamId}");
        return rooms!["items"]![0]!;
    }

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields) =>
        client.SendFormAsync(HttpMethod.Post, url, fields);

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendFormAsync(this HttpClient client, HttpMethod method, string url, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new FormUrlEncodedContent(fields) };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>
    /// Follows <c>Link: rel="next"</c> from the first URL to the end, checking that each link is absolute, carries
    /// the original parameters and the effective max, and that pages are full except possibly the last.
    /// </summary>
    public static async Task<(List<JsonNode> Items, int Pages)> GetAllPagesAsync(this HttpClient client, string url, string expectedMax, IReadOnlyList<string> expectedParams)
    {
        var items = new List<JsonNode>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            var (response, body) = await client.GetJsonAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            var page = body!["items"]!.AsArray().Select(i => i!).ToList();
            items.AddRange(page);
            next = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = Assert.Single(links);
                var match = System.Text.RegularExpressions.Regex.Match(link, "^<(?<url>[^>]+)>; rel=\"next\"$");
                Assert.True(match.Success, link);
                next = match.Groups["url"].Value;
                Assert.True(Uri.TryCreate(next, UriKind.Absolute, out var absolute), next);
                var query = absolute.Query;
                Assert.Contains($"max={expectedMax}", query, StringComparison.Ordinal);
                Assert.Contains("cursor=", query, StringComparison.Ordinal);
                foreach (var expected in expectedParams)
                {
                    Assert.Contains(expected, query, StringComparison.Ordinal);
                }
                Assert.Equal(int.Parse(expectedMax, System.Globalization.CultureInfo.InvariantCulture), page.Count);
            }
            Assert.True(pages < 50, "paging does not end");
        }
        return (items, pages);
    }

    /// <summary>Grants an administrative role through the store, as an organization administrator would.</summary>
    public static async Task GrantRoleAsync(this ParleyServer server, TestUser user, string roleKey)
    {
        var store = server.Services.GetRequiredService<IDataStore>();
        var id = Guid.Parse(Uuid(user.Id));
        await store.WriteAsync(async s =>
        {
            var roles = await s.People.GetRolesAsync(id);
            await s.People.SetRolesAsync(id, [.. roles, roleKey]);
            return true;
        });
    }

    /// <summary>
    /// Provisions a direct room through the store, as the first 1:1 message would; direct rooms have no create
    /// endpoint of their own.
    /// </summary>
    public static async Task<string> ProvisionDirectRoomAsync(this ParleyServer server, TestUser a, TestUser b)
    {
        var store = server.Services.GetRequiredService<IDataStore>();
        var aId = Guid.Parse(Uuid(a.Id));
        var bId = Guid.Parse(Uuid(b.Id));
        var roomId = Guid.CreateVersion7();
        var now = DateTime.UtcNow;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        await store.WriteAsync(async s =>
        {
            var creator = await s.People.GetAsync(aId) ?? throw new InvalidOperationException("unknown person");
            s.Rooms.Add(new Parley.Core.Room
            {
                Id = roomId,
                Title = "",
                Type = RoomType.Direct,
                LastActivity = now,
                CreatorId = aId,
                Created = now,
                OwnerOrgId = creator.OrgId,
                DirectPairKey = Parley.Core.Room.PairKey(aId, bId),
            });
            s.Memberships.Add(new Parley.Core.Membership { PersonId = aId, RoomId = roomId, Created = now });
            s.Memberships.Add(new Parley.Core.Membership { PersonId = bId, RoomId = roomId, Created = now });
            return true;
        });
        return WebexId.Encode("ROOM", roomId);
    }
}
