using System.Net;

namespace Parley.Server.Tests;

public sealed class TeamMembershipTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Create_adds_the_person_to_the_team_and_its_general_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync("Bob Teammate");
        var team = await alice.CreateTeamAsync("Guild");

        var (response, membership) = await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personId = bob.Id, isModerator = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Spaces.TeamMembershipId(bob.Id, team.Id()), membership!["id"]!.GetValue<string>());
        Assert.Equal(team.Id(), membership["teamId"]!.GetValue<string>());
        Assert.Equal(bob.Id, membership["personId"]!.GetValue<string>());
        Assert.Equal(bob.Email, membership["personEmail"]!.GetValue<string>());
        Assert.Equal("Bob Teammate", membership["personDisplayName"]!.GetValue<string>());
        Assert.NotNull(membership["personOrgId"]);
        Assert.True(membership["isModerator"]!.GetValue<bool>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", membership["created"]!.GetValue<string>());
        var general = await Spaces.GeneralRoomAsync(bob, team.Id());
        var (_, roomMembership) = await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, general.Id())}");
        Assert.True(roomMembership!["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_by_email_is_for_moderators_and_duplicates_are_409()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Invitations");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var email = $"invitee.{Guid.NewGuid():N}@example.com";

        (await bob.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personEmail = email })).AssertWebexError(403);
        var (response, membership) = await alice.Client.PostFormAsync("/v1/team/memberships", new() { ["teamId"] = team.Id(), ["personEmail"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email, membership!["personEmail"]!.GetValue<string>());
        Assert.False(membership["isModerator"]!.GetValue<bool>());
        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personEmail = email })).AssertWebexError(409);
        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personId = bob.Id })).AssertWebexError(409);
    }

    [Fact]
    public async Task Create_rejects_bad_input_and_adds_nobody()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Careful");

        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { personId = bob.Id })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id() })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = "bad id", personId = bob.Id })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personId = Parley.Contracts.WebexId.Encode("PEOPLE", Guid.NewGuid()) })).AssertWebexError(404);
        (await bob.Client.PostJsonAsync("/v1/team/memberships", new { teamId = team.Id(), personId = bob.Id })).AssertWebexError(404);
        (await alice.Client.PostJsonAsync("/v1/team/memberships", $"{{\"teamId\": \"{team.Id()}\", \"personId\": \"{bob.Id}\", \"isModerator\": \"yes\"}}")).AssertWebexError(400);

        var (_, members) = await alice.Client.GetJsonAsync($"/v1/team/memberships?teamId={team.Id()}");
        Assert.Single(members!["items"]!.AsArray());
    }

    [Fact]
    public async Task List_needs_a_team_the_caller_belongs_to_and_pages_oldest_first()
    {
        var alice = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Big team");
        var expected = new List<string> { alice.Id };
        for (var i = 0; i < 4; i++)
        {
            var user = await server.CreateUserAsync();
            await alice.AddTeamMemberAsync(team.Id(), user.Id);
            expected.Add(user.Id);
            await Task.Delay(2);
        }

        (await alice.Client.GetJsonAsync("/v1/team/memberships")).AssertWebexError(400);
        (await (await server.CreateUserAsync()).Client.GetJsonAsync($"/v1/team/memberships?teamId={team.Id()}")).AssertWebexError(404);
        var seen = await alice.Client.GetAllPagesAsync($"/v1/team/memberships/?teamId={team.Id()}&max=2", expectedMax: "2", expectedParams: [$"teamId={team.Id()}"]);

        Assert.Equal(3, seen.Pages);
        Assert.Equal(expected, seen.Items.Select(m => m["personId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_is_for_team_members_only()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Visible");
        var membership = await alice.AddTeamMemberAsync(team.Id(), bob.Id);

        var (response, fetched) = await bob.Client.GetJsonAsync($"/v1/team/memberships/{Spaces.TeamMembershipId(alice.Id, team.Id())}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(fetched!["isModerator"]!.GetValue<bool>());
        (await (await server.CreateUserAsync()).Client.GetJsonAsync($"/v1/team/memberships/{membership.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync($"/v1/team/memberships/{Spaces.MembershipId(bob.Id, team.Id())}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync("/v1/team/memberships/***")).AssertWebexError(400);
    }

    [Fact]
    public async Task Update_mirrors_the_moderator_flag_and_keeps_one_moderator()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Rotation");
        var bobs = await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var alices = Spaces.TeamMembershipId(alice.Id, team.Id());
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());

        Assert.Equal(HttpStatusCode.OK, (await bob.Client.PutJsonAsync($"/v1/team/memberships/{bobs.Id()}", bobs.ToJsonString())).Response.StatusCode);
        (await bob.Client.PutJsonAsync($"/v1/team/memberships/{bobs.Id()}", new { isModerator = true })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync($"/v1/team/memberships/{alices}", new { })).AssertWebexError(400);
        (await alice.Client.PutJsonAsync($"/v1/team/memberships/{alices}", new { isModerator = false })).AssertWebexError(409);

        var (_, promoted) = await alice.Client.PutJsonAsync($"/v1/team/memberships/{bobs.Id()}", new { isModerator = true });
        Assert.True(promoted!["isModerator"]!.GetValue<bool>());
        var (_, bobInGeneral) = await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, general.Id())}");
        Assert.True(bobInGeneral!["isModerator"]!.GetValue<bool>());

        var (_, demoted) = await bob.Client.PutJsonAsync($"/v1/team/memberships/{alices}", new { isModerator = false });
        Assert.False(demoted!["isModerator"]!.GetValue<bool>());
        var (_, aliceInGeneral) = await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, general.Id())}");
        Assert.False(aliceInGeneral!["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_by_moderator_or_self_removes_the_general_room_membership()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Leaving");
        var bobs = await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var carols = await alice.AddTeamMemberAsync(team.Id(), carol.Id);
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());
        var teamRoom = await bob.CreateRoomAsync("Bob's team room", new() { ["teamId"] = team.Id() });

        (await bob.Client.DeleteJsonAsync($"/v1/team/memberships/{carols.Id()}")).AssertWebexError(403);
        (await alice.Client.DeleteJsonAsync($"/v1/team/memberships/{Spaces.TeamMembershipId(alice.Id, team.Id())}")).AssertWebexError(409);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/team/memberships/{carols.Id()}")).Response.StatusCode);
        var (response, body) = await bob.Client.DeleteJsonAsync($"/v1/team/memberships/{bobs.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(body);

        (await bob.Client.GetJsonAsync($"/v1/teams/{team.Id()}")).AssertWebexError(404);
        (await bob.Client.GetJsonAsync($"/v1/rooms/{general.Id()}")).AssertWebexError(404);
        var (_, generalMembers) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={general.Id()}");
        Assert.Equal([alice.Id], generalMembers!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));
        // Other team rooms keep their memberships.
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/rooms/{teamRoom.Id()}")).Response.StatusCode);
    }
}
