using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Parley.Bench.Webhooks;

/// <summary>
/// One message fanned out to every webhook, repeated message after message, then the same POSTs (same bytes, same
/// URLs, same count) sent from a plain HttpClient: the baseline is what the receiver absorbs at the concurrency the
/// delivery worker is allowed, with no store, polling or signing in between.
/// </summary>
public static class FanOut
{
    /// <summary>A wait gives up when nothing arrived for this long; what is missing is then reported.</summary>
    private static readonly TimeSpan _stall = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ParleyApi api, ServerProcess server, int hooks, int messages, int ports, int concurrency, TimeSpan receiverDelay)
    {
        await using var receiver = await Receiver.StartAsync(ports, receiverDelay);
        var room = await api.CreateRoomAsync("fan-out");
        var setup = Stopwatch.GetTimestamp();
        // Creation is not what is measured; parallel requests only shorten the setup (SQLite commits them in groups).
        await Parallel.ForEachAsync(Enumerable.Range(0, hooks), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await api.CreateMessageWebhookAsync($"bench {i}", Target(receiver, i), room));
        Progress($"{hooks} webhooks created in {Stopwatch.GetElapsedTime(setup).TotalSeconds:0.0} s");

        // The first message warms up the JIT and the connection pools and is not counted.
        var expected = hooks;
        await api.PostMessageAsync(room, "warm-up");
        await receiver.WaitForAsync(expected, _stall);
        var parleyStarts = new Dictionary<string, long>();
        var (serverCpu, ownCpu, phase) = (server.CpuTime(), Environment.CpuUsage.TotalTime, Stopwatch.GetTimestamp());
        for (var m = 0; m < messages; m++)
        {
            var id = await api.PostMessageAsync(room, $"message {m}");
            parleyStarts[id] = Stopwatch.GetTimestamp();
            expected += hooks;
            var complete = await receiver.WaitForAsync(expected, _stall);
            Progress($"message {m + 1}/{messages}: {(complete ? "all delivered" : "stalled")}");
        }
        var serverPercent = server.CpuPercent(serverCpu, phase);
        var ownPercent = 100 * (Environment.CpuUsage.TotalTime - ownCpu) / Stopwatch.GetElapsedTime(phase);

        using var http = new HttpClient();
        var baselineStarts = new Dictionary<string, long>();
        for (var round = -1; round < messages; round++)
        {
            // Same bytes as Parley sent, except data.id, which tells the rounds apart.
            var envelope = JsonNode.Parse(receiver.SampleBody)!;
            var id = $"baseline-{round}";
            envelope["data"]!["id"] = id;
            var body = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
            var start = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(0, hooks), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancellationToken) =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(Target(receiver, i), content, cancellationToken);
                response.EnsureSuccessStatusCode();
            });
            if (round >= 0)
            {
                baselineStarts[id] = start;
            }
            expected += hooks;
            await receiver.WaitForAsync(expected, _stall);
        }

        var arrivals = receiver.Arrivals;
        var baseline = Summary.Of(arrivals, baselineStarts, hooks);
        var parley = Summary.Of(arrivals, parleyStarts, hooks);
        Console.WriteLine($"""
            ## Webhook fan-out: {hooks:N0} webhooks on {ports} receiver port(s), {messages} messages, receiver answers after {receiverDelay.TotalMilliseconds:0} ms

            Latency is from the message POST's response (baseline: from the start of the round) to the receiver having
            read the body; messages are sent one after another, each once the previous one reached every webhook. The
            worker may have {concurrency} attempts in flight (MaxConcurrency, and ConcurrencyPerTarget per receiver
            host:port); the baseline sends the same bytes to the same URLs with a plain HttpClient at that concurrency.

            | sender | deliveries | deliveries/s | % of baseline | p50 ms | p90 ms | p99 ms | max ms | total s | duplicates | missing |
            |---|---|---|---|---|---|---|---|---|---|---|
            {baseline.Row($"plain HttpClient, {concurrency} concurrent (baseline)", baseline)}
            {parley.Row("Parley webhook delivery", baseline)}

            Per message (median), Parley's first delivery arrived {parley.FirstMs:0} ms after the POST's response (polling,
            then dispatch: matching and queueing one delivery per webhook) and its last one {parley.SpreadMs:0} ms after
            the first (baseline: {baseline.FirstMs:0} and {baseline.SpreadMs:0} ms). CPU while Parley delivered, in % of
            one core ({Environment.ProcessorCount} cores): server {serverPercent:0}%, driver and receiver {ownPercent:0}%.

            """);
    }

    /// <summary>Webhook i posts to path /i on port i mod ports.</summary>
    private static string Target(Receiver receiver, int hook) => $"{receiver.Urls[hook % receiver.Urls.Count]}/{hook}";

    private static void Progress(string line) => Console.Error.WriteLine($"  {line}");
}
