using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Parley.Server.Tests;

/// <summary>One request as the receiver saw it: the exact body bytes and the headers.</summary>
public sealed record ReceivedRequest(int Number, byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;

    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
}

/// <summary>
/// A real HTTP receiver on a loopback port (a tiny Kestrel app). <see cref="Respond"/> decides each answer, so a test
/// can make the receiver fail, hang or ask for a later retry.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private WebApplication _app = null!;
    private int _count;

    /// <summary>Answers request number n (1-based); the default is 200.</summary>
    public Func<int, HttpContext, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.MapPost("/{**path}", receiver.HandleAsync));
        receiver.Url = receiver._app.Urls.First() + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var number = Interlocked.Increment(ref _count);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var status = await Respond(number, context);
        _received.Enqueue(new ReceivedRequest(number, buffer.ToArray(), headers, status));
        context.Response.StatusCode = status;
    }

    /// <summary>Polls until the received requests satisfy the condition; the bound only keeps a broken test from hanging.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition(Received))
        {
            if (bound.IsCancellationRequested)
            {
                Assert.Fail($"The receiver never got {what}; it got: " + string.Join(", ", Received.Select(r => $"{r.Json["resource"]}:{r.Json["event"]}->{r.AnsweredStatus}")));
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
