using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Parley.Bench.Webhooks;

/// <summary>One POST as the receiver saw it: which hook URL, which message (the envelope's <c>data.id</c>), and when.</summary>
public readonly record struct Arrival(int Hook, string MessageId, long Timestamp);

/// <summary>
/// Kestrel on one or more loopback ports. <c>POST /{hook}</c> records the arrival once the body is read, then answers
/// 200 (after a delay, to play a slow receiver); the first body is kept so the baseline can send the same bytes.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _delay;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<(int Hook, string MessageId), bool> _distinct = new();
    private byte[]? _sampleBody;

    private Receiver(WebApplication app, TimeSpan delay) => (_app, _delay) = (app, delay);

    /// <summary>Base URLs, one per port (<c>http://127.0.0.1:port</c>).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>Distinct (hook, message) pairs received: a duplicate must not stand in for a missing delivery.</summary>
    public int Count => _distinct.Count;

    public byte[] SampleBody => _sampleBody ?? throw new InvalidOperationException("Nothing was received yet.");

    public static async Task<Receiver> StartAsync(int ports, TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            for (var i = 0; i < ports; i++)
            {
                k.Listen(IPAddress.Loopback, 0);
            }
        });
        var app = builder.Build();
        var receiver = new Receiver(app, delay);
        app.MapPost("/{hook:int}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Urls = [.. app.Urls];
        return receiver;
    }

    private async Task HandleAsync(int hook, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var timestamp = Stopwatch.GetTimestamp();
        var body = buffer.ToArray();
        using var envelope = JsonDocument.Parse(body);
        var arrival = new Arrival(hook, envelope.RootElement.GetProperty("data").GetProperty("id").GetString()!, timestamp);
        _arrivals.Enqueue(arrival);
        _distinct.TryAdd((hook, arrival.MessageId), true);
        Interlocked.CompareExchange(ref _sampleBody, body, null);
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay);
        }
    }

    /// <summary>Waits until <paramref name="count"/> distinct deliveries in all are recorded, or until none came for <paramref name="stall"/>.</summary>
    public Task<bool> WaitForAsync(int count, TimeSpan stall) => Wait.ForCountAsync(() => Count, count, stall);

    /// <summary>Everything recorded so far, in arrival order.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
