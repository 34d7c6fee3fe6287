using System.Net;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

public sealed class PeopleTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Me_and_lookup_by_id_and_email_return_the_same_person()
    {
        var (client, user, _) = await server.NewUserAsync("Pat");

        var me = await client.People.GetMeAsync();
        var byId = await client.People.GetAsync(user.Id);
        var byEmail = await client.People.ListAsync(new PersonListOptions { Email = user.Email }).ToListAsync();

        Assert.Equal(user.Id, me.Id);
        Assert.Equal([user.Email], me.Emails);
        Assert.Equal(me, byId with { Emails = me.Emails, Roles = me.Roles, Licenses = me.Licenses, PhoneNumbers = me.PhoneNumbers, Addresses = me.Addresses, SiteUrls = me.SiteUrls });
        Assert.Equal(user.Id, Assert.Single(byEmail).Id);
    }

    [Fact]
    public async Task Admin_creates_updates_and_deletes_a_person()
    {
        var admin = server.AdminClient();
        var email = $"new.{Guid.NewGuid():N}@example.com";

        var created = await admin.People.CreateAsync(new CreatePersonRequest { Emails = [email], DisplayName = "New Hire", FirstName = "New" });
        var updated = await admin.People.UpdateAsync(created.Id, new CreatePersonRequest { Emails = [email], DisplayName = "Renamed Hire" });
        await admin.People.DeleteAsync(created.Id);

        Assert.Equal("New Hire", created.DisplayName);
        Assert.Equal("Renamed Hire", updated.DisplayName);
        var gone = await Assert.ThrowsAsync<WebexApiException>(() => admin.People.GetAsync(created.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}

public sealed class RoomTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Create_get_update_and_delete_a_room()
    {
        var (client, user, _) = await server.NewUserAsync();

        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Planning", Description = "Q3" });
        var fetched = await client.Rooms.GetAsync(room.Id);
        var renamed = await client.Rooms.UpdateAsync(room.Id, new UpdateRoomRequest { Title = "Planning (old)" });
        await client.Rooms.DeleteAsync(room.Id);

        Assert.Equal(room, fetched);
        Assert.Equal("group", room.Type);
        Assert.Equal(user.Id, room.CreatorId);
        Assert.Equal("Planning (old)", renamed.Title);
        var error = await Assert.ThrowsAsync<WebexApiException>(() => client.Rooms.GetAsync(room.Id));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Listing_follows_next_links_lazily_across_pages()
    {
        var (client, _, traffic) = await server.NewUserAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await client.Rooms.CreateAsync(new CreateRoomRequest { Title = $"Room {i}" })).Id);
        }
        traffic.Clear();

        var firstThree = await client.Rooms.ListAsync(new RoomListOptions { Max = 2, SortBy = "created" }).Take(3).ToListAsync();
        var pagesForThree = traffic.Exchanges.Count;
        var all = await client.Rooms.ListAsync(new RoomListOptions { Max = 2 }).ToListAsync();

        Assert.Equal(2, pagesForThree);
        Assert.Equal(3, firstThree.Count);
        Assert.Equal(created.Order(), all.Select(r => r.Id).Order());
        Assert.Equal(2 + 4, traffic.Exchanges.Count);
    }
}

public sealed class TeamTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Create_list_update_and_delete_a_team()
    {
        var (client, _, _) = await server.NewUserAsync();

        var team = await client.Teams.CreateAsync(new TeamRequest { Name = "Platform", Description = "Infra" });
        var listed = await client.Teams.ListAsync().ToListAsync();
        var renamed = await client.Teams.UpdateAsync(team.Id, new TeamRequest { Name = "Platform team" });
        var fetched = await client.Teams.GetAsync(team.Id);
        await client.Teams.DeleteAsync(team.Id);

        Assert.Contains(listed, t => t.Id == team.Id);
        Assert.Equal("Platform team", renamed.Name);
        Assert.Equal(renamed, fetched);
        Assert.Empty(await client.Teams.ListAsync().ToListAsync());
    }
}

public sealed class MembershipTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Add_list_promote_and_remove_a_member()
    {
        var (alice, _, _) = await server.NewUserAsync("Alice");
        var (bob, bobUser, _) = await server.NewUserAsync("Bob");
        var room = await alice.Rooms.CreateAsync(new CreateRoomRequest { Title = "Club" });

        var membership = await alice.Memberships.CreateAsync(new CreateMembershipRequest { RoomId = room.Id, PersonEmail = bobUser.Email });
        var members = await alice.Memberships.ListAsync(new MembershipListOptions { RoomId = room.Id, Max = 1 }).ToListAsync();
        var promoted = await alice.Memberships.UpdateAsync(membership.Id, new UpdateMembershipRequest { IsModerator = true });
        var bobsOwn = await bob.Memberships.ListAsync().ToListAsync();
        await alice.Memberships.DeleteAsync(membership.Id);

        Assert.Equal(bobUser.Id, membership.PersonId);
        Assert.Equal(2, members.Count);
        Assert.True(promoted.IsModerator);
        Assert.Equal(membership.Id, Assert.Single(bobsOwn).Id);
        Assert.Empty(await bob.Memberships.ListAsync().ToListAsync());
        Assert.Equal(membership.Id, (await alice.Memberships.CreateAsync(new CreateMembershipRequest { RoomId = room.Id, PersonId = bobUser.Id })).Id);
    }
}

public sealed class TeamMembershipTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Add_list_promote_and_remove_a_team_member()
    {
        var (alice, _, _) = await server.NewUserAsync("Alice");
        var (_, bobUser, _) = await server.NewUserAsync("Bob");
        var team = await alice.Teams.CreateAsync(new TeamRequest { Name = "Guild" });

        var added = await alice.TeamMemberships.CreateAsync(new CreateTeamMembershipRequest { TeamId = team.Id, PersonId = bobUser.Id });
        var members = await alice.TeamMemberships.ListAsync(new TeamMembershipListOptions { TeamId = team.Id, Max = 1 }).ToListAsync();
        var promoted = await alice.TeamMemberships.UpdateAsync(added.Id, new UpdateTeamMembershipRequest { IsModerator = true });
        var fetched = await alice.TeamMemberships.GetAsync(added.Id);
        await alice.TeamMemberships.DeleteAsync(added.Id);

        Assert.Equal(2, members.Count);
        Assert.True(promoted.IsModerator);
        Assert.Equal(promoted, fetched);
        Assert.Single(await alice.TeamMemberships.ListAsync(new TeamMembershipListOptions { TeamId = team.Id }).ToListAsync());
    }
}

public sealed class AdminResourceTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task Organizations_licenses_and_roles_are_listed_and_fetched()
    {
        var admin = server.AdminClient();

        var organizations = await admin.Organizations.ListAsync().ToListAsync();
        var organization = await admin.Organizations.GetAsync(organizations[0].Id);
        var licenses = await admin.Licenses.ListAsync(new LicenseListOptions { Max = 1 }).ToListAsync();
        var license = await admin.Licenses.GetAsync(licenses[0].Id);
        var roles = await admin.Roles.ListAsync().ToListAsync();
        var role = await admin.Roles.GetAsync(roles[0].Id);

        Assert.Equal(organizations[0], organization);
        Assert.Equal(licenses[0].Id, license.Id);
        Assert.Contains(roles, r => r.Id == WebexId.Encode(WebexIdType.Role, "id_full_admin"));
        Assert.Equal(roles[0], role);
        Assert.Equal((await admin.People.GetMeAsync()).OrgId, organization.Id);
    }

    [Fact]
    public async Task A_non_admin_gets_a_typed_403()
    {
        var (client, _, _) = await server.NewUserAsync();

        var error = await Assert.ThrowsAsync<WebexApiException>(() => client.Licenses.ListAsync().ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }
}
