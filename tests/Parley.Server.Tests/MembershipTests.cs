using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class MembershipTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Create_by_person_id_returns_the_membership_and_updates_last_activity()
    {
        var alice = await server.CreateUserAsync("Alice Member");
        var bob = await server.CreateUserAsync("Bob Member");
        var room = await alice.CreateRoomAsync("Club");
        await Task.Delay(5);

        var (response, membership) = await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = bob.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Spaces.MembershipId(bob.Id, room.Id()), membership!["id"]!.GetValue<string>());
        Assert.Equal(room.Id(), membership["roomId"]!.GetValue<string>());
        Assert.Equal(bob.Id, membership["personId"]!.GetValue<string>());
        Assert.Equal(bob.Email, membership["personEmail"]!.GetValue<string>());
        Assert.Equal("Bob Member", membership["personDisplayName"]!.GetValue<string>());
        Assert.True(WebexId.TryDecode(membership["personOrgId"]!.GetValue<string>(), out var orgType, out _));
        Assert.Equal("ORGANIZATION", orgType);
        Assert.False(membership["isModerator"]!.GetValue<bool>());
        Assert.False(membership["isMonitor"]!.GetValue<bool>());
        Assert.Null(membership["isRoomHidden"]);
        Assert.Equal("group", membership["roomType"]!.GetValue<string>());
        var (_, after) = await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}");
        Assert.Equal(membership["created"]!.GetValue<string>(), after!["lastActivity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_by_unknown_email_creates_the_person_and_a_second_add_is_409()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Invites");
        var email = $"New.Person.{Guid.NewGuid():N}@example.com";

        var (response, membership) = await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personEmail = email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email.ToLowerInvariant(), membership!["personEmail"]!.GetValue<string>());
        var (_, person) = await alice.Client.GetJsonAsync($"/v1/people/{membership["personId"]}");
        Assert.Equal(email.ToLowerInvariant(), person!["emails"]![0]!.GetValue<string>());
        var duplicate = await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personEmail = email.ToUpperInvariant() });
        duplicate.AssertWebexError(409);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = alice.Id })).AssertWebexError(409);
        var (_, filtered) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}&personEmail={Uri.EscapeDataString(email)}");
        Assert.Equal([membership["id"]!.GetValue<string>()], filtered!["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Concurrent_duplicate_adds_give_one_200_and_one_409()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Race");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = bob.Id })));

        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        results.Single(r => r.Response.StatusCode != HttpStatusCode.OK).AssertWebexError(409);
        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Equal(2, members!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Team_members_see_unlocked_team_rooms_and_their_members_and_may_join()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Open house");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var room = await alice.CreateRoomAsync("Lobby", new() { ["teamId"] = team.Id() });
        await alice.AddMemberAsync(room.Id(), carol.Id);

        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).Response.StatusCode);
        var (_, members) = await bob.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Equal([alice.Id, carol.Id], members!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));
        (await carol.Client.GetJsonAsync($"/v1/teams/{team.Id()}")).AssertWebexError(404);

        var joined = await bob.AddMemberAsync(room.Id(), bob.Id);
        Assert.Equal(Spaces.MembershipId(bob.Id, room.Id()), joined.Id());
        var (_, own) = await bob.Client.GetJsonAsync("/v1/memberships");
        Assert.Contains(own!["items"]!.AsArray(), m => m!["roomId"]!.GetValue<string>() == room.Id());
    }

    [Fact]
    public async Task Create_rejects_bad_input_and_adds_nobody()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Strict");

        (await alice.Client.PostJsonAsync("/v1/memberships", new { personId = bob.Id })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id() })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = "nonsense!" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personEmail = "not-an-email" })).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = WebexId.Encode("PEOPLE", Guid.NewGuid()) })).AssertWebexError(404);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = WebexId.Encode("ROOM", Guid.NewGuid()), personId = bob.Id })).AssertWebexError(404);
        (await alice.Client.PostJsonAsync("/v1/memberships", $"{{\"roomId\": \"{room.Id()}\", \"personId\": \"{bob.Id}\", \"isModerator\": \"yes\"}}")).AssertWebexError(400);
        (await alice.Client.PostJsonAsync("/v1/memberships", "{\"roomId\": ")).AssertWebexError(400);

        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Single(members!["items"]!.AsArray());
    }

    [Fact]
    public async Task Create_accepts_form_bodies()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Form");

        var (response, membership) = await alice.Client.PostFormAsync("/v1/memberships/", new() { ["roomId"] = room.Id(), ["personEmail"] = bob.Email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bob.Id, membership!["personId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Permission_matrix_for_adding_members()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var stranger = await server.CreateUserAsync(orgId: Guid.NewGuid());
        var locked = await alice.CreateRoomAsync("Locked", new() { ["isLocked"] = true });
        await alice.AddMemberAsync(locked.Id(), bob.Id);

        (await bob.Client.PostJsonAsync("/v1/memberships", new { roomId = locked.Id(), personId = carol.Id })).AssertWebexError(403);
        (await stranger.Client.PostJsonAsync("/v1/memberships", new { roomId = locked.Id(), personId = stranger.Id })).AssertWebexError(404);
        (await carol.Client.PostJsonAsync("/v1/memberships", new { roomId = locked.Id(), personId = carol.Id })).AssertWebexError(404);
        await alice.AddMemberAsync(locked.Id(), carol.Id);

        // Team members may add themselves to unlocked team rooms, and nobody else.
        var team = await alice.CreateTeamAsync("Joiners");
        var dave = await server.CreateUserAsync();
        await alice.AddTeamMemberAsync(team.Id(), dave.Id);
        var open = await alice.CreateRoomAsync("Open team room", new() { ["teamId"] = team.Id() });
        var closed = await alice.CreateRoomAsync("Closed team room", new() { ["teamId"] = team.Id(), ["isLocked"] = true });
        (await dave.Client.PostJsonAsync("/v1/memberships", new { roomId = open.Id(), personId = carol.Id })).AssertWebexError(403);
        (await dave.Client.PostJsonAsync("/v1/memberships", new { roomId = closed.Id(), personId = dave.Id })).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.OK, (await dave.Client.PostJsonAsync("/v1/memberships", new { roomId = open.Id(), personId = dave.Id })).Response.StatusCode);

        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={locked.Id()}");
        Assert.Equal(3, members!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Adding_a_moderator_to_an_unlocked_room_locks_it_and_makes_both_moderators()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Soon locked");

        var membership = await alice.AddMemberAsync(room.Id(), bob.Id, moderator: true);

        Assert.True(membership["isModerator"]!.GetValue<bool>());
        var (_, after) = await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}");
        Assert.True(after!["isLocked"]!.GetValue<bool>());
        var (_, own) = await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}");
        Assert.True(own!["isModerator"]!.GetValue<bool>());
    }

    [Fact]
    public async Task List_without_parameters_returns_own_memberships_newest_first()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var first = await alice.CreateRoomAsync("First");
        await alice.AddMemberAsync(first.Id(), bob.Id);
        await Task.Delay(5);
        var second = await alice.CreateRoomAsync("Second");
        await alice.AddMemberAsync(second.Id(), bob.Id);

        var (_, own) = await alice.Client.GetJsonAsync("/v1/memberships");

        Assert.Equal(
            [Spaces.MembershipId(alice.Id, second.Id()), Spaces.MembershipId(alice.Id, first.Id())],
            own!["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_by_room_pages_oldest_first_with_links()
    {
        var alice = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Crowded");
        var expected = new List<string> { alice.Id };
        for (var i = 0; i < 4; i++)
        {
            var user = await server.CreateUserAsync();
            await alice.AddMemberAsync(room.Id(), user.Id);
            expected.Add(user.Id);
            await Task.Delay(2);
        }

        var seen = await alice.Client.GetAllPagesAsync($"/v1/memberships?roomId={room.Id()}&max=2", expectedMax: "2", expectedParams: [$"roomId={room.Id()}"]);

        Assert.Equal(3, seen.Pages);
        Assert.Equal(expected, seen.Items.Select(m => m["personId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_filters_and_access_rules()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Listed");
        await alice.AddMemberAsync(room.Id(), bob.Id);

        (await alice.Client.GetJsonAsync($"/v1/memberships?personId={bob.Id}")).AssertWebexError(400);
        (await carol.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync("/v1/memberships?roomId=%25%25")).AssertWebexError(400);
        var (_, byPerson) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}&personId={Spaces.Uuid(bob.Id)}");
        Assert.Equal([bob.Id], byPerson!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));
        var (_, nobody) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}&personEmail=nobody.{Guid.NewGuid():N}@example.com");
        Assert.Empty(nobody!["items"]!.AsArray());
        var (_, mismatch) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}&personId={bob.Id}&personEmail={Uri.EscapeDataString(alice.Email)}");
        Assert.Empty(mismatch!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_compliance_officer_lists_a_persons_memberships_in_rooms_of_the_organization()
    {
        var org = Guid.NewGuid();
        var alice = await server.CreateUserAsync(orgId: org);
        var officer = await server.CreateUserAsync(orgId: org);
        var outsider = await server.CreateUserAsync();
        await server.GrantRoleAsync(officer, RoleKeys.ComplianceOfficer);
        var first = await alice.CreateRoomAsync("Org room 1");
        await Task.Delay(2);
        var second = await alice.CreateRoomAsync("Org room 2");
        var foreign = await outsider.CreateRoomAsync("Other org room");
        await outsider.AddMemberAsync(foreign.Id(), alice.Id);

        var (_, listed) = await officer.Client.GetJsonAsync($"/v1/memberships?personId={alice.Id}");
        Assert.Equal([second.Id(), first.Id()], listed!["items"]!.AsArray().Select(m => m!["roomId"]!.GetValue<string>()));
        var (_, byEmail) = await officer.Client.GetJsonAsync($"/v1/memberships?personEmail={Uri.EscapeDataString(alice.Email)}&max=1");
        Assert.Equal([second.Id()], byEmail!["items"]!.AsArray().Select(m => m!["roomId"]!.GetValue<string>()));
        (await outsider.Client.GetJsonAsync($"/v1/memberships?personId={alice.Id}")).AssertWebexError(400);
        var (_, roomMembers) = await officer.Client.GetJsonAsync($"/v1/memberships?roomId={first.Id()}");
        Assert.Single(roomMembers!["items"]!.AsArray());
    }

    [Fact]
    public async Task Team_members_outside_a_locked_team_room_see_only_its_moderators()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Observers");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var room = await alice.CreateRoomAsync("Moderated", new() { ["teamId"] = team.Id(), ["isLocked"] = true });
        await alice.AddMemberAsync(room.Id(), carol.Id);

        var (_, seen) = await bob.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");

        Assert.Equal([alice.Id], seen!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));
        (await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(carol.Id, room.Id())}")).AssertWebexError(404);
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}")).Response.StatusCode);
    }

    [Fact]
    public async Task Get_own_and_others_memberships_and_reject_bad_ids()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var stranger = await server.CreateUserAsync(orgId: Guid.NewGuid());
        var room = await alice.CreateRoomAsync("Lookup");
        var membership = await alice.AddMemberAsync(room.Id(), bob.Id);

        var (response, fetched) = await bob.Client.GetJsonAsync($"/v1/memberships/{membership.Id()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(membership.ToJsonString(), fetched!.ToJsonString());
        (await stranger.Client.GetJsonAsync($"/v1/memberships/{membership.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync("/v1/memberships/!!!")).AssertWebexError(400);
        var (bareResponse, bare) = await bob.Client.GetJsonAsync($"/v1/memberships/{Spaces.Uuid(bob.Id)}:{Spaces.Uuid(room.Id())}");
        Assert.Equal(HttpStatusCode.OK, bareResponse.StatusCode);
        Assert.Equal(membership.Id(), bare!["id"]!.GetValue<string>());
        (await alice.Client.GetJsonAsync($"/v1/memberships/{room.Id()}")).AssertWebexError(404);
        (await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(stranger.Id, room.Id())}")).AssertWebexError(404);
    }

    [Fact]
    public async Task Update_whole_object_is_a_no_op_and_moderator_rules_apply()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Moderation", new() { ["isLocked"] = true });
        var bobs = await alice.AddMemberAsync(room.Id(), bob.Id);
        var carols = await alice.AddMemberAsync(room.Id(), carol.Id);

        // Bob, a plain member, PUTs back what he fetched: accepted, nothing changes.
        var (noOp, same) = await bob.Client.PutJsonAsync($"/v1/memberships/{bobs.Id()}", bobs.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, noOp.StatusCode);
        Assert.Equal(bobs.ToJsonString(), same!.ToJsonString());
        (await bob.Client.PutJsonAsync($"/v1/memberships/{carols.Id()}", new { isModerator = true })).AssertWebexError(403);
        (await bob.Client.PutJsonAsync($"/v1/memberships/{bobs.Id()}", new { isRoomHidden = true })).AssertWebexError(400);
        (await bob.Client.PutJsonAsync($"/v1/memberships/{bobs.Id()}", new { })).AssertWebexError(400);
        (await bob.Client.PutJsonAsync($"/v1/memberships/{bobs.Id()}", "{\"isModerator\": 3}")).AssertWebexError(400);

        var (_, promoted) = await alice.Client.SendFormAsync(HttpMethod.Put, $"/v1/memberships/{carols.Id()}", new() { ["isModerator"] = "true" });
        Assert.True(promoted!["isModerator"]!.GetValue<bool>());
        var (_, demotedAlice) = await carol.Client.PutJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}", new { isModerator = false });
        Assert.False(demotedAlice!["isModerator"]!.GetValue<bool>());
        // Carol demotes herself, the last moderator: the room unlocks.
        await carol.Client.PutJsonAsync($"/v1/memberships/{carols.Id()}", new { isModerator = false });
        var (_, after) = await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}");
        Assert.False(after!["isLocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Promoting_in_an_unlocked_room_locks_it_and_makes_the_caller_moderator()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Self moderated");
        var bobs = await alice.AddMemberAsync(room.Id(), bob.Id);

        var (_, promoted) = await bob.Client.PutJsonAsync($"/v1/memberships/{bobs.Id()}", new { isModerator = true });

        Assert.True(promoted!["isModerator"]!.GetValue<bool>());
        var (_, after) = await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}");
        Assert.True(after!["isLocked"]!.GetValue<bool>());
        var (_, alices) = await alice.Client.GetJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}");
        Assert.False(alices!["isModerator"]!.GetValue<bool>());
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId = room.Id(), personId = (await server.CreateUserAsync()).Id })).AssertWebexError(403);
    }

    [Fact]
    public async Task Direct_memberships_can_be_hidden_only_by_their_owner_and_not_deleted()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var roomId = await server.ProvisionDirectRoomAsync(alice, bob);
        var alicesId = Spaces.MembershipId(alice.Id, roomId);

        var fetched = (await alice.Client.GetJsonAsync($"/v1/memberships/{alicesId}")).Body!.AsObject();
        Assert.False(fetched["isRoomHidden"]!.GetValue<bool>());
        Assert.Equal("direct", fetched["roomType"]!.GetValue<string>());
        fetched["isRoomHidden"] = true;
        var (response, hidden) = await alice.Client.PutJsonAsync($"/v1/memberships/{alicesId}", fetched.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(hidden!["isRoomHidden"]!.GetValue<bool>());

        (await bob.Client.PutJsonAsync($"/v1/memberships/{alicesId}", new { isRoomHidden = false })).AssertWebexError(403);
        (await alice.Client.PutJsonAsync($"/v1/memberships/{alicesId}", new { isModerator = true })).AssertWebexError(400);
        (await alice.Client.DeleteJsonAsync($"/v1/memberships/{alicesId}")).AssertWebexError(403);
        (await alice.Client.PostJsonAsync("/v1/memberships", new { roomId, personId = (await server.CreateUserAsync()).Id })).AssertWebexError(403);
        var (_, rooms) = await alice.Client.GetJsonAsync("/v1/rooms");
        Assert.Contains(rooms!["items"]!.AsArray(), r => r!["id"]!.GetValue<string>() == roomId);
    }

    [Fact]
    public async Task Delete_leaves_removes_others_by_rule_and_the_last_member_deletes_the_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Shrinking");
        await alice.AddMemberAsync(room.Id(), bob.Id);
        await alice.AddMemberAsync(room.Id(), carol.Id);
        var before = (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).Body!["lastActivity"]!.GetValue<string>();
        await Task.Delay(5);

        // Any member removes others in an unlocked room.
        var (removed, body) = await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(carol.Id, room.Id())}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Null(body);
        (await carol.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).AssertWebexError(404);
        var after = (await alice.Client.GetJsonAsync($"/v1/rooms/{room.Id()}")).Body!["lastActivity"]!.GetValue<string>();
        Assert.True(string.CompareOrdinal(after, before) > 0);
        (await carol.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, room.Id())}")).AssertWebexError(404);

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, room.Id())}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, room.Id())}")).Response.StatusCode);

        var store = server.Services.GetRequiredService<IDataStore>();
        var stored = await store.ReadAsync(s => s.Rooms.GetAsync(Guid.Parse(Spaces.Uuid(room.Id()))));
        Assert.Null(stored);
    }

    [Fact]
    public async Task In_a_locked_room_only_moderators_remove_others()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var carol = await server.CreateUserAsync();
        var room = await alice.CreateRoomAsync("Guarded", new() { ["isLocked"] = true });
        await alice.AddMemberAsync(room.Id(), bob.Id);
        await alice.AddMemberAsync(room.Id(), carol.Id);

        (await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(carol.Id, room.Id())}")).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(carol.Id, room.Id())}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, room.Id())}")).Response.StatusCode);
        var (_, members) = await alice.Client.GetJsonAsync($"/v1/memberships?roomId={room.Id()}");
        Assert.Equal([alice.Id], members!["items"]!.AsArray().Select(m => m!["personId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_last_team_moderator_cannot_leave_or_be_demoted_in_the_general_room()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        var team = await alice.CreateTeamAsync("Keepers");
        await alice.AddTeamMemberAsync(team.Id(), bob.Id);
        var general = await Spaces.GeneralRoomAsync(alice, team.Id());

        (await alice.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, general.Id())}")).AssertWebexError(409);
        (await alice.Client.PutJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, general.Id())}", new { isModerator = false })).AssertWebexError(409);
        (await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(alice.Id, general.Id())}")).AssertWebexError(403);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteJsonAsync($"/v1/memberships/{Spaces.MembershipId(bob.Id, general.Id())}")).Response.StatusCode);
        // Leaving the General room does not leave the team.
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync($"/v1/teams/{team.Id()}")).Response.StatusCode);
    }
}
