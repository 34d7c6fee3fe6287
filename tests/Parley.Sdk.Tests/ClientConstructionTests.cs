using Microsoft.Extensions.DependencyInjection;

namespace Parley.Sdk.Tests;

public sealed class ClientConstructionTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task A_standalone_client_has_the_same_429_retry_as_the_factory_one()
    {
        var user = await server.CreateUserAsync();
        using var client = new WebexClient(new WebexClientOptions { AccessToken = user.Token, BaseAddress = server.ApiRoot });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(user.Id, (await client.People.GetMeAsync()).Id);
        }
    }

    [Fact]
    public async Task Enumeration_stops_requesting_pages_when_cancelled()
    {
        var user = await server.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.CreateGroupRoomAsync([user], title: $"Room {i}");
        }
        var (client, traffic) = server.Client(user.Token);
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Rooms.ListAsync(new RoomListOptions { Max = 1 }, cancellation.Token))
            {
                seen++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
        Assert.Single(traffic.Exchanges);
    }

    [Fact]
    public async Task A_base_address_without_a_trailing_slash_keeps_its_path()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent("""{"items":[{"id":"r","name":"Role"}]}""", System.Text.Encoding.UTF8, "application/json"),
        });
        using var provider = ErrorTests.StubbedProvider(stub, o => o.BaseAddress = new Uri("https://chat.example.com/api/v1"));
        var client = provider.GetRequiredService<WebexClient>();

        var roles = await client.Roles.ListAsync().ToListAsync();

        Assert.Equal("Role", Assert.Single(roles).Name);
        Assert.Equal(new Uri("https://chat.example.com/api/v1/roles"), Assert.Single(stub.Urls));
        Assert.Equal(new Uri("https://chat.example.com/api/v1/"), client.BaseAddress);
    }

    // The two tests that touch WEBEX_ACCESS_TOKEN are in this class so that they never run at the same time.
    [Fact]
    public async Task The_token_falls_back_to_WEBEX_ACCESS_TOKEN()
    {
        var user = await server.CreateUserAsync();
        var saved = Environment.GetEnvironmentVariable(WebexClientOptions.AccessTokenVariable);
        try
        {
            Environment.SetEnvironmentVariable(WebexClientOptions.AccessTokenVariable, user.Token);
            using var client = new WebexClient(new WebexClientOptions { BaseAddress = server.ApiRoot });

            Assert.Equal(user.Id, (await client.People.GetMeAsync()).Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable(WebexClientOptions.AccessTokenVariable, saved);
        }
    }

    [Fact]
    public void Without_a_token_anywhere_construction_fails_clearly()
    {
        var saved = Environment.GetEnvironmentVariable(WebexClientOptions.AccessTokenVariable);
        try
        {
            Environment.SetEnvironmentVariable(WebexClientOptions.AccessTokenVariable, null);

            var error = Assert.Throws<InvalidOperationException>(() => new WebexClient());

            Assert.Contains(WebexClientOptions.AccessTokenVariable, error.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => new WebexClient(new WebexClientOptions { AccessToken = " " }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(WebexClientOptions.AccessTokenVariable, saved);
        }
    }

    [Fact]
    public void The_default_base_address_is_webex()
    {
        using var client = new WebexClient("token");

        Assert.Equal(new Uri("https://webexapis.com/v1/"), client.BaseAddress);
    }
}
