using System.Net;
using Parley.Contracts;

namespace Parley.Sdk.Tests;

public sealed class EventStreamTests(WebhookSdkServer server) : IClassFixture<WebhookSdkServer>
{
    private static CancellationToken Bounded(TimeSpan limit)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(limit);
        return source.Token;
    }

    private static string DataId(StreamEvent e) => e.Envelope.Data.GetProperty("id").GetString()!;

    /// <summary>
    /// Without a cursor a stream starts with the next new event after it connects, so messages are posted until one
    /// comes through; every posted ID is recorded in order.
    /// </summary>
    private static async Task<StreamEvent> FirstEventAsync(WebexClient client, string roomId, IAsyncEnumerator<StreamEvent> stream, List<string> posted, CancellationToken ct)
    {
        var next = stream.MoveNextAsync().AsTask();
        while (!next.IsCompleted)
        {
            posted.Add((await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = roomId, Text = "warm-up" }, ct)).Id);
            await Task.WhenAny(next, Task.Delay(100, ct));
        }
        Assert.True(await next);
        return stream.Current;
    }

    private static List<string> After(List<string> posted, StreamEvent first) => [.. posted.SkipWhile(id => id != DataId(first)).Skip(1)];

    [Fact]
    public async Task A_stream_resumed_with_a_saved_cursor_yields_exactly_the_events_missed_in_order()
    {
        var (client, _, _) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Stream" });
        var options = new EventStreamOptions { Resource = "messages", Event = "created", Filter = "roomId=" + room.Id };
        var ct = Bounded(TimeSpan.FromSeconds(60));
        var posted = new List<string>();

        StreamEvent first;
        await using (var stream = client.EventStream.ReadAsync(options, ct).GetAsyncEnumerator(ct))
        {
            first = await FirstEventAsync(client, room.Id, stream, posted, ct);
        }
        for (var i = 0; i < 3; i++)
        {
            posted.Add((await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = $"missed {i}" }, ct)).Id);
        }
        var missed = After(posted, first);

        var resumed = await client.EventStream.ReadAsync(options with { Cursor = first.Cursor }, ct).Take(missed.Count).ToListAsync(ct);

        Assert.Contains(DataId(first), posted);
        Assert.True(missed.Count >= 3);
        Assert.Equal(missed, resumed.Select(DataId));
        Assert.All(resumed, e => Assert.Equal(("messages", "created"), (e.Envelope.Resource, e.Envelope.Event)));
    }

    [Fact]
    public async Task Connections_replaced_again_and_again_still_yield_every_event_once_in_order()
    {
        var (client, _, _) = await server.NewUserAsync();
        var room = await client.Rooms.CreateAsync(new CreateRoomRequest { Title = "Flaky" });
        // Heartbeats come every 200 ms; an idle timeout of 50 ms drops and resumes the connection between most posts.
        var options = new EventStreamOptions
        {
            Resource = "messages",
            Filter = "roomId=" + room.Id,
            IdleTimeout = TimeSpan.FromMilliseconds(50),
            ReconnectDelay = TimeSpan.FromMilliseconds(10),
        };
        var ct = Bounded(TimeSpan.FromSeconds(60));
        var posted = new List<string>();
        await using var stream = client.EventStream.ReadAsync(options, ct).GetAsyncEnumerator(ct);
        var first = await FirstEventAsync(client, room.Id, stream, posted, ct);

        for (var i = 0; i < 6; i++)
        {
            posted.Add((await client.Messages.CreateAsync(new CreateMessageRequest { RoomId = room.Id, Text = $"m{i}" }, ct)).Id);
            await Task.Delay(70, ct);
        }
        var expected = After(posted, first);
        var received = new List<string>();
        while (received.Count < expected.Count && await stream.MoveNextAsync())
        {
            received.Add(DataId(stream.Current));
        }

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task A_refused_connection_is_an_api_exception_not_an_endless_retry()
    {
        var (client, _) = server.Client("not-a-valid-token");

        var refused = await Assert.ThrowsAsync<WebexApiException>(() => client.EventStream.ReadAsync(cancellationToken: Bounded(TimeSpan.FromSeconds(30))).FirstAsync().AsTask());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.NotNull(refused.TrackingId);
    }
}
