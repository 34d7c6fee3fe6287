using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

public sealed class ErrorTests(SdkServer server) : IClassFixture<SdkServer>
{
    [Fact]
    public async Task A_missing_object_is_a_404_with_message_descriptions_and_the_tracking_id_of_the_response()
    {
        var (client, _, traffic) = await server.NewUserAsync();

        var error = await Assert.ThrowsAsync<WebexApiException>(() => client.Rooms.GetAsync(WebexId.Encode(WebexIdType.Room, Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(error.Message, Assert.Single(error.Errors));
        Assert.StartsWith("ROUTER_", error.TrackingId, StringComparison.Ordinal);
        Assert.Contains(error.TrackingId!, Assert.Single(traffic.Exchanges).ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_is_a_400_and_a_conflict_is_a_409()
    {
        var (client, user, _) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Dup" });

        var badMax = await Assert.ThrowsAsync<WebexApiException>(() => client.Rooms.ListAsync(new RoomListOptions { Max = 0 }).ToListAsync().AsTask());
        var noTitle = await Assert.ThrowsAsync<WebexApiException>(() => client.Rooms.CreateAsync(new CreateRoomRequest()));
        var duplicate = await Assert.ThrowsAsync<WebexApiException>(() =>
            client.Memberships.CreateAsync(new CreateMembershipRequest { RoomId = room.Id, PersonId = user.Id }));

        Assert.Equal(HttpStatusCode.BadRequest, badMax.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.IsNotType<RateLimitException>(duplicate);
    }

    [Fact]
    public async Task An_unknown_token_is_a_401()
    {
        var client = server.Client("not-a-token").Client;

        var error = await Assert.ThrowsAsync<WebexApiException>(() => client.People.GetMeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.NotNull(error.TrackingId);
    }

    [Fact]
    public async Task A_non_json_error_body_still_gives_a_typed_exception()
    {
        using var provider = StubbedProvider(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>upstream down</html>", System.Text.Encoding.UTF8, "text/html"),
            Headers = { { "TrackingID", "GATEWAY_1" } },
        }));
        var client = provider.GetRequiredService<WebexClient>();

        var error = await Assert.ThrowsAsync<WebexApiException>(() => client.People.GetMeAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("GATEWAY_1", error.TrackingId);
        Assert.Empty(error.Errors);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
    }

    internal static ServiceProvider StubbedProvider(StubHandler stub, Action<WebexClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddWebexClient(options =>
        {
            options.AccessToken = "token";
            options.BaseAddress = new Uri("http://stub.invalid/v1");
            configure?.Invoke(options);
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }
}

/// <summary>Answers requests without a network, for failure shapes a real server never produces.</summary>
internal sealed class StubHandler(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;

    public List<Uri> Urls { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Urls.Add(request.RequestUri!);
        var response = respond(Interlocked.Increment(ref _calls));
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}

public sealed class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task Requests_over_the_limit_wait_for_retry_after_and_then_succeed()
    {
        var user = await server.CreateUserAsync();
        var (client, traffic) = server.Client(user.Token);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(user.Id, (await client.People.GetMeAsync()).Id);
        }

        var limited = traffic.Exchanges.Where(e => e.Status == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, e => Assert.InRange(int.Parse(e.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 2));
        Assert.Equal(5, traffic.Exchanges.Count(e => e.Status == 200));
    }

    [Fact]
    public async Task With_retries_disabled_a_429_is_a_rate_limit_exception_carrying_retry_after()
    {
        var user = await server.CreateUserAsync();
        var (client, traffic) = server.Client(user.Token, o => o.MaxRateLimitRetries = 0);

        var error = await Assert.ThrowsAsync<RateLimitException>(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await client.People.GetMeAsync();
            }
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.NotNull(error.TrackingId);
        Assert.Equal(429, traffic.Exchanges[^1].Status);
        Assert.True(traffic.Exchanges.Count >= 4);
    }

    [Fact]
    public async Task A_page_request_that_hits_the_limit_is_retried_and_paging_continues()
    {
        var user = await server.CreateUserAsync();
        var room = await server.CreateGroupRoomAsync([user]);
        for (var i = 0; i < 3; i++)
        {
            // Direct store writes: posting through the API would use up the budget before the listing starts.
            await server.CreateGroupRoomAsync([user], title: $"Extra {i}");
        }
        var (client, traffic) = server.Client(user.Token);

        var rooms = await client.Rooms.ListAsync(new RoomListOptions { Max = 1 }).ToListAsync();

        Assert.Contains(rooms, r => r.Id == room);
        Assert.Equal(4, rooms.Count);
        Assert.Contains(traffic.Exchanges, e => e.Status == 429);
    }

    [Fact]
    public async Task A_malformed_retry_after_falls_back_to_the_default_wait()
    {
        var stub = new StubHandler(call => call == 1
            ? Limited("soon")
            : Json("""{"id":"x","emails":["a@b.c"],"displayName":"A","orgId":"o","created":"2026-01-01T00:00:00.000Z","type":"person"}"""));
        using var provider = ErrorTests.StubbedProvider(stub, o => o.DefaultRetryAfter = TimeSpan.FromMilliseconds(300));
        var client = provider.GetRequiredService<WebexClient>();
        var clock = Stopwatch.StartNew();

        var me = await client.People.GetMeAsync();

        Assert.Equal("x", me.Id);
        Assert.Equal(2, stub.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_429_is_reported()
    {
        var stub = new StubHandler(_ =>
        {
            var response = Limited("0.05");
            response.Content = new StringContent("""{"message":"Slow down","errors":[{"description":"Slow down"}],"trackingId":"T1"}""");
            return response;
        });
        using var provider = ErrorTests.StubbedProvider(stub, o =>
        {
            o.MaxRateLimitRetries = 2;
            o.DefaultRetryAfter = TimeSpan.FromMinutes(10);
        });
        var client = provider.GetRequiredService<WebexClient>();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RateLimitException>(() => client.Rooms.GetAsync("r"));

        Assert.Equal(3, stub.Calls);
        Assert.Equal("Slow down", error.Message);
        Assert.Equal("T1", error.TrackingId);
        Assert.Equal(TimeSpan.FromMilliseconds(50), error.RetryAfter);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "a fractional Retry-After must not fall back to the default");
    }

    [Fact]
    public async Task A_huge_retry_after_is_capped()
    {
        var stub = new StubHandler(call => call == 1
            ? Limited("86400")
            : Json("""{"id":"r","name":"Role"}"""));
        using var provider = ErrorTests.StubbedProvider(stub, o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(100));
        var client = provider.GetRequiredService<WebexClient>();

        var role = await client.Roles.GetAsync("r");

        Assert.Equal("Role", role.Name);
        Assert.Equal(2, stub.Calls);
    }

    /// <summary>A 429 with the header exactly as given, as a real connection would store a value it cannot parse.</summary>
    private static HttpResponseMessage Limited(string retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
}
