using System.Net;
using Parley.Contracts;

namespace Parley.Server.Tests;

public sealed class TeamTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Create_makes_the_creator_moderator_and_a_locked_general_room()
    {
        var alice = await server.CreateUserAsync();

        var (response, team) = await alice.Client.PostJsonAsync("/v1/teams/", new { name = " Builders ", description = "We build" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Builders", team!["name"]!.GetValue<string>());
        Assert.Equal("We build", team["description"]!.GetValue<string>());
        Assert.Equal(alice.Id, team["creatorId"]!.GetValue<string>());
        Assert.True(WebexId.TryDecode(team.Id(), out var type, out _));
        Assert.Equal("TEAM", type);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", team["created"]!.GetValue<string>());

        var general = await Spaces.GeneralRoomAsync(alice, team.Id());
        Assert.Equal("Builders", general["title"]!.GetValue<string>());
        Assert.Equal(team.Id(), general["teamId"]!.GetValue<string>());
        Assert.True(general["isLocked"]!.GetValue<bool>());
        var (_, roomMembership) = await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, general.Id())}");
        Assert.True(roomMembership!["isModerator"]!.GetValue<bool>());
        var (_, teamMembership) = await alice.Client.GetJsonAsync($"/v1/team/memberships/{Spaces.TeamMembershipId(alice.Id, team.Id())}");
        Assert.True(teamMembership!["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_rejects_bad_input()
    {
        var alice = await server.CreateUserAsync();

        (await alice.Client.PostJsonAsync("/v1/teams", new { description = "no name" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/teams", new { name = "  " })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/teams", "{\"name\": 42}")).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/teams", "{\"name\": ")).AssertWebexError(400);

        var (_, teams) = await alice.Client.GetJsonAsync("/v1/teams");
        Assert.Empty(teams!["items"]!.AsArray());
        var (formResponse, formTeam) = await alice.Client.PostFormAsync("/v1/teams", new() { ["name"] = "Form team" });
        Assert.Equal(HttpStatusCode.OK, formResponse.StatusCode);
        Assert.Equal("Form team", formTeam!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_returns_own_teams_newest_first_across_pages()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await alice.CreateTeamAsync($"Team {i}")).Id());
            await Task.Delay(2);
        }
        await bob.CreateTeamAsync("Not Alice's");

        var seen = await alice.Client.GetAllPagesAsync("/v1/teams?max=2", expectedMax: "2", expectedParams: []);

        Assert.Equal(3, seen.Pages);
        Assert.Equal(Enumerable.Reverse(created), seen.Items.Select(t => t["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_is_for_team_members_only()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Closed");

        var (response, fetched) = await alice.Client.GetJsonAsync($"/v1/teams/{Spaces.Uuid(team.Id())}?description=ignored");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(team.ToJsonString(), fetched!.ToJsonString());
        (await bob.Client.GetJsonAsync($"/v1/teams/{team.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync($"/v1/teams/{alice.Id}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync("/v1/teams/@@")).AssertWebexError(400);
    }

    [Fact]
    public async Task Update_is_for_moderators_and_renames_the_general_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Before");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var url = $"/v1/teams/{team.Id()}";

        Assert.Equal(HttpStatusCode.OK, (await bob.Client.PutJsonAsync(url, team.ToJsonString())).Response.StatusCode);
        (await bob.Client.PutJsonAsync(url, new { name = "Bob's" })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync(url, new { description = "no name" })).AssertWebexError(400);
        (await (await server.CreateUserAsync()).Client.PutJsonAsync(url, new { name = "Stranger's" })).AssertWebexError(404);

        var (response, updated) = await alice.Client.PutJsonAsync(url, new { name = "After", description = "Now described" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("After", updated!["name"]!.GetValue<string>());
        Assert.Equal("Now described", updated["description"]!.GetValue<string>());
        var general = await Spaces.GeneralRoomAsync(bob, team.Id());
        Assert.Equal("After", general["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_the_team_its_general_room_and_archives_its_rooms()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Ephemeral");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());
        var room = await bob.CreateRoomAsync("Team work", new() { ["teamId"] = team.Id() });
        var unrelated = await alice.CreateRoomAsync("Unrelated");

        (await bob.Client.DeleteJsonAsync($"/v1/teams/{team.Id()}")).AssertWebexError(403);
        var (response, body) = await alice.Client.DeleteJsonAsync($"/v1/teams/{team.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(body);
        (await alice.Client.GetJsonAsync($"/v1/teams/{team.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/rooms/{general.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/team/memberships?teamId={team.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync($"/v1/rooms?teamId={team.Id()}")).AssertWebexError(404);
        var (_, aliceRooms) = await alice.Client.GetJsonAsync("/v1/rooms");
        Assert.Equal([unrelated.Id()], aliceRooms!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var (_, bobRooms) = await bob.Client.GetJsonAsync("/v1/rooms");
        Assert.Empty(bobRooms!["items"]!.AsArray());
        var (_, bobTeams) = await bob.Client.GetJsonAsync("/v1/teams");
        Assert.Empty(bobTeams!["items"]!.AsArray());
    }

    [Fact]
    public async Task Team_rooms_list_puts_the_general_room_first_and_pages()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Many rooms");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());
        var others = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            others.Add((await alice.CreateRoomAsync($"Room {i}", new() { ["teamId"] = team.Id() })).Id());
        }

        // Bob is in none of the rooms but sees all of them as a team member.
        var seen = await bob.Client.GetAllPagesAsync($"/v1/rooms?teamId={team.Id()}&max=1", expectedMax: "1", expectedParams: [$"teamId={team.Id()}"]);

        var ids = seen.Items.Select(r => r["id"]!.GetValue<string>()).ToList();
        Assert.Equal(5, seen.Pages);
        Assert.Equal(general.Id(), ids[0]);
        Assert.Equal(others.Order(), ids.Skip(1).Order());
        Assert.Equal(ids.Skip(1).Select(Spaces.Uuid).Order(StringComparer.Ordinal), ids.Skip(1).Select(Spaces.Uuid));
        (await (await server.CreateUserAsync()).Client.GetJsonAsync($"/v1/rooms?teamId={team.Id()}")).AssertWebexError(404);
    }
}
