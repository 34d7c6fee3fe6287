using System.Net;
using Parley.Contracts;
using Parley.Core;

namespace Parley.Server.Tests;

public sealed class RoleTests(ParleyServer server) : IClassFixture<ParleyServer>
{
    [Fact]
    public async Task Admins_list_the_built_in_roles_unpaginated()
    {
        var (response, body) = await server.Admin.GetJsonAsync("/v1/roles?max=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.NextLink());
        var roles = body!["items"]!.AsArray();
        Assert.Equal(5, roles.Count);
        Assert.All(roles, r => Assert.Equal(["id", "name"], r!.AsObject().Select(p => p.Key).Order()));
        var full = roles.Single(r => r!["name"]!.GetValue<string>() == "Full Administrator")!;
        Assert.Equal("ciscospark://us/ROLE/id_full_admin", System.Text.Encoding.ASCII.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(full["id"]!.GetValue<string>())));

        var reader = await server.CreateWithRolesAsync("Reader", null, RoleKeys.ReadOnlyAdmin);
        Assert.Equal(5, (await reader.Client.GetJsonAsync("/v1/roles/")).Body.Ids().Length);
    }

    [Fact]
    public async Task Get_returns_a_role_by_id_or_key_and_404_for_unknown()
    {
        var id = WebexId.Encode("ROLE", RoleKeys.UserAdmin);
        var (response, body) = await server.Admin.GetJsonAsync($"/v1/roles/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, body!["id"]!.GetValue<string>());
        Assert.Equal("User Administrator", body["name"]!.GetValue<string>());
        Assert.Equal(id, (await server.Admin.GetJsonAsync($"/v1/roles/{RoleKeys.UserAdmin}")).Body!["id"]!.GetValue<string>());

        (await server.Admin.GetJsonAsync($"/v1/roles/{WebexId.Encode("ROLE", "id_nope")}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync($"/v1/roles/{WebexId.Encode("PEOPLE", Guid.NewGuid())}")).AssertWebexError(404);
        (await server.Admin.GetJsonAsync("/v1/roles/no*such*role")).AssertWebexError(400);
    }

    [Fact]
    public async Task Non_admins_and_bots_are_forbidden()
    {
        var user = await server.CreateUserAsync();
        var bot = await server.CreateUserAsync("Bot", PersonType.Bot);
        (await user.Client.GetJsonAsync("/v1/roles")).AssertWebexError(403);
        (await bot.Client.GetJsonAsync("/v1/roles")).AssertWebexError(403);
        (await user.Client.GetJsonAsync($"/v1/roles/{WebexId.Encode("ROLE", RoleKeys.FullAdmin)}")).AssertWebexError(403);
    }
}
