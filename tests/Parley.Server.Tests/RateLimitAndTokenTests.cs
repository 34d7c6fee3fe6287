using System.Net;

namespace Parley.Server.Tests;

/// <summary>A server with a tiny per-token rate limit.</summary>
public sealed class StrictServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:RateLimit:PermitLimit"] = "5",
    ["Parley:RateLimit:Window"] = "00:00:30",
});

/// <summary>A server whose personal tokens live five seconds (long enough to be used once on a loaded machine).</summary>
public sealed class ShortTokenServer() : ParleyServer(new Dictionary<string, string?>
{
    ["Parley:Tokens:PersonalTokenLifetime"] = "00:00:05",
});

public sealed class RateLimitAndTokenTests(StrictServer server, ShortTokenServer shortTokens) : IClassFixture<StrictServer>, IClassFixture<ShortTokenServer>
{
    [Fact]
    public async Task Requests_beyond_the_per_token_limit_get_429_with_retry_after_and_other_tokens_are_unaffected()
    {
        var alice = await server.CreateUserAsync("Alice");
        var bob = await server.CreateUserAsync("Bob");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await alice.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);
        }

        var limited = await alice.Client.GetJsonAsync("/v1/people/me");

        limited.AssertWebexError(429);
        var retryAfter = int.Parse(limited.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 30);
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);
    }

    [Fact]
    public async Task Expired_personal_token_is_401()
    {
        var carol = await shortTokens.CreateUserAsync("Carol");
        Assert.Equal(HttpStatusCode.OK, (await carol.Client.GetJsonAsync("/v1/people/me")).Response.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(5.5));

        (await carol.Client.GetJsonAsync("/v1/people/me")).AssertWebexError(401);
    }

    [Fact]
    public async Task Tokens_have_the_webex_shape_with_the_organization()
    {
        var dave = await server.CreateUserAsync("Dave");
        var parts = dave.Token.Split('_');
        Assert.Equal(3, parts.Length);
        Assert.Matches("^[0-9a-f]{64}$", parts[0]);
        var me = await dave.Client.GetJsonAsync("/v1/people/me");
        Assert.True(Parley.Contracts.WebexId.TryDecode(me.Body!["orgId"]!.GetValue<string>(), out _, out var orgUuid));
        Assert.Equal(orgUuid, parts[2]);
    }
}
