using System.Net;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class OrganizationTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task List_returns_only_the_callers_org_unpaginated_with_webex_fields()
    {
        var me = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!;
        await server.CreateUserAsync("Elsewhere", orgId: Guid.NewGuid());

        var (response, body) = await server.Admin.GetJsonAsync("/v1/organizations?max=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.NextLink());
        var org = Assert.Single(body!["items"]!.AsArray())!;
        Assert.Equal(["created", "displayName", "id"], org.AsObject().Select(p => p.Key).Order());
        Assert.Equal(me["orgId"]!.GetValue<string>(), org["id"]!.GetValue<string>());
        Assert.Equal("Parley", org["displayName"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", org["created"]!.GetValue<string>());

        var user = await server.CreateUserAsync();
        Assert.Equal([org["id"]!.GetValue<string>()], (await user.Client.GetJsonAsync("/v1/organizations/")).Body.Ids());
    }

    [Fact]
    public async Task Get_finds_the_own_org_and_hides_others()
    {
        var orgId = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!["orgId"]!.GetValue<string>();
        var (response, body) = await server.Admin.GetJsonAsync($"/v1/organizations/{orgId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(orgId, body!["id"]!.GetValue<string>());

        var otherOrg = Guid.NewGuid();
        await server.CreateUserAsync("Elsewhere", orgId: otherOrg);
        (await server.Admin.GetJsonAsync($"/v1/organizations/{WebexId.Encode("ORGANIZATION", otherOrg)}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync($"/v1/organizations/{WebexId.Encode("ROOM", Guid.NewGuid())}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync("/v1/organizations/%%%")).AssertWebexError(400);
    }

    [Fact]
    public async Task Full_admin_deletes_an_org_with_one_user_which_removes_that_user()
    {
        var orgId = Guid.NewGuid();
        var encoded = WebexId.Encode("ORGANIZATION", orgId);
        var owner = await server.CreateWithRolesAsync("Owner", orgId, RoleKeys.FullAdmin);
        (await server.Admin.DeleteJsonAsync($"/v1/organizations/{encoded}")).AssertWebexError(404);

        var deleted = await owner.Client.DeleteJsonAsync($"/v1/organizations/{encoded}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Response.StatusCode);
        Assert.Null(deleted.Body);
        (await owner.Client.GetJsonAsync("/v1/people/me")).AssertWebexError(401);
        (await server.Admin.GetJsonAsync($"/v1/people/{owner.Id}")).AssertWebexError(404);
        Assert.Null(await server.ReadStoreAsync(s => s.Organizations.GetAsync(orgId)));
    }

    [Fact]
    public async Task Delete_is_409_with_more_than_one_user_or_for_the_default_org_and_403_for_non_full_admins()
    {
        var orgId = Guid.NewGuid();
        var encoded = WebexId.Encode("ORGANIZATION", orgId);
        var owner = await server.CreateWithRolesAsync("Owner", orgId, RoleKeys.FullAdmin);
        var userAdmin = await server.CreateWithRolesAsync("User admin", orgId, RoleKeys.UserAdmin);
        (await userAdmin.Client.DeleteJsonAsync($"/v1/organizations/{encoded}")).AssertWebexError(403);
        (await owner.Client.DeleteJsonAsync($"/v1/organizations/{encoded}")).AssertWebexError(409);
        Assert.NotNull(await server.ReadStoreAsync(s => s.Organizations.GetAsync(orgId)));
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);

        var defaultOrg = (await server.Admin.GetJsonAsync("/v1/people/me")).Body!["orgId"]!.GetValue<string>();
        (await server.Admin.DeleteJsonAsync($"/v1/organizations/{defaultOrg}")).AssertWebexError(409);
        var user = await server.CreateUserAsync();
        (await user.Client.DeleteJsonAsync($"/v1/organizations/{defaultOrg}")).AssertWebexError(403);
        Assert.Single((await server.Admin.GetJsonAsync("/v1/organizations")).Body.Ids());
    }
}
