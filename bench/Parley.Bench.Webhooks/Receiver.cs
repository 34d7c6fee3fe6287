using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Parley.Bench.Webhooks;

/// <summary>One POST as the receiver saw it: which hook URL, which message (the envelope's <c>data.id</c>), and when.</summary>
public readonly record struct Arrival(int Hook, string MessageId, long Timestamp);

/// <summary>
/// Kestrel on one or more loopback ports. <c>POST /{hook}</c> answers 200 at once and records the arrival; the
/// first body is kept so the baseline can send the same bytes.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private byte[]? _sampleBody;

    private Receiver(WebApplication app) => _app = app;

    /// <summary>Base URLs, one per port (<c>http://127.0.0.1:port</c>).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    public int Count => _arrivals.Count;

    public byte[] SampleBody => _sampleBody ?? throw new InvalidOperationException("Nothing was received yet.");

    public static async Task<Receiver> StartAsync(int ports)
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
        var receiver = new Receiver(app);
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
        _arrivals.Enqueue(new Arrival(hook, envelope.RootElement.GetProperty("data").GetProperty("id").GetString()!, timestamp));
        Interlocked.CompareExchange(ref _sampleBody, body, null);
    }

    /// <summary>Waits until <paramref name="count"/> arrivals in all are recorded, or until none came for <paramref name="stall"/>.</summary>
    public Task<bool> WaitForAsync(int count, TimeSpan stall) => Wait.ForCountAsync(() => Count, count, stall);

    /// <summary>Everything recorded so far, in arrival order.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
