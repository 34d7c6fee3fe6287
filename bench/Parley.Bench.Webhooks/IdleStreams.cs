using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace Parley.Bench.Webhooks;

/// <summary>
/// N authenticated event-stream WebSockets held idle for a while: the server's memory and CPU with and without them,
/// whether every stream got a heartbeat, and how fast one message then reaches all of them.
/// </summary>
public static class IdleStreams
{
    private static readonly TimeSpan _stall = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _idleSample = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(ParleyApi api, ServerProcess server, int connections, TimeSpan hold)
    {
        var room = await api.CreateRoomAsync("streams");
        // A server that just started is still compiling (tiered JIT); let that settle before sampling "idle".
        await Task.Delay(_idleSample);
        var idleCpu = await server.CpuPercentAsync(_idleSample);
        var rssBefore = server.RssKb();

        var uri = new UriBuilder(api.Server) { Scheme = "ws", Path = "/v1/stream", Query = "resource=messages&event=created" }.Uri;
        var arrivals = new ConcurrentQueue<Arrival>();
        var streams = new StreamClient[connections];
        var connecting = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, cancellationToken) => streams[i] = await StreamClient.ConnectAsync(i, uri, api.Token, arrivals, cancellationToken));
        var connectSeconds = Stopwatch.GetElapsedTime(connecting).TotalSeconds;
        Console.Error.WriteLine($"  {connections} streams open in {connectSeconds:0.0} s; holding {hold.TotalSeconds:0} s");

        var heldCpu = await server.CpuPercentAsync(hold);
        var rssWith = server.RssKb();
        var open = streams.Count(s => s.IsOpen);
        var heartbeats = streams.Count(s => s.Heartbeats > 0);

        var id = await api.PostMessageAsync(room, "broadcast");
        var starts = new Dictionary<string, long> { [id] = Stopwatch.GetTimestamp() };
        await Wait.ForCountAsync(() => arrivals.Count, connections, _stall);
        var broadcast = Summary.Of([.. arrivals], starts, connections);
        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            ## Idle event streams: {connections:N0} connections

            `GET /v1/stream?resource=messages&event=created`, one token, nothing sent by the clients. RSS is the server's
            VmRSS; CPU is the server's user+system time over the window, in % of one core.

            | measure | value |
            |---|---|
            | connect all (32 at a time) | {connectSeconds:0.0} s |
            | server RSS, no streams | {rssBefore / 1024.0:0} MB |
            | server RSS, {connections:N0} streams after {hold.TotalSeconds:0} s idle | {rssWith / 1024.0:0} MB |
            | per stream | {(double)(rssWith - rssBefore) / connections:0.0} KB |
            | server CPU, no streams ({_idleSample.TotalSeconds:0} s) | {idleCpu:0}% |
            | server CPU, {connections:N0} idle streams ({hold.TotalSeconds:0} s) | {heldCpu:0}% |
            | streams still open / got a heartbeat while idle | {open:N0} / {heartbeats:N0} |
            | one message, received by | {broadcast.Delivered:N0} (missing {broadcast.Missing}, duplicates {broadcast.Duplicates}) |
            | its latency p50 / p90 / p99 / max | {broadcast.Percentile(50):0} / {broadcast.Percentile(90):0} / {broadcast.Percentile(99):0} / {broadcast.Percentile(100):0} ms |

            """));
    }

    /// <summary>One stream's client end: counts heartbeats and records event frames as arrivals.</summary>
    private sealed class StreamClient : IDisposable
    {
        private readonly ClientWebSocket _socket;
        private int _heartbeats;

        private StreamClient(ClientWebSocket socket) => _socket = socket;

        public int Heartbeats => Volatile.Read(ref _heartbeats);

        public bool IsOpen => _socket.State == WebSocketState.Open;

        public static async Task<StreamClient> ConnectAsync(int index, Uri uri, string token, ConcurrentQueue<Arrival> arrivals, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            // No client pings: the connection stays idle apart from the server's heartbeats.
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(uri, cancellationToken);
            var client = new StreamClient(socket);
            _ = client.ReceiveAsync(index, arrivals);
            return client;
        }

        private async Task ReceiveAsync(int index, ConcurrentQueue<Arrival> arrivals)
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        if (length == buffer.Length)
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }
                        result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    var timestamp = Stopwatch.GetTimestamp();
                    using var frame = JsonDocument.Parse(buffer.AsMemory(0, length));
                    var root = frame.RootElement;
                    if (root.GetProperty("type").GetString() == "heartbeat")
                    {
                        Interlocked.Increment(ref _heartbeats);
                    }
                    else
                    {
                        arrivals.Enqueue(new Arrival(index, root.GetProperty("envelope").GetProperty("data").GetProperty("id").GetString()!, timestamp));
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Aborted at the end of the run, or dropped by the server (counted through IsOpen).
            }
        }

        public void Dispose()
        {
            _socket.Abort();
            _socket.Dispose();
        }
    }
}
