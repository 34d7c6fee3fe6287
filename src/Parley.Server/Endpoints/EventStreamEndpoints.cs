using System.Net.WebSockets;
using System.Text.Json;
using StreamFrame = Parley.Contracts.StreamFrame;
using WebexJson = Parley.Contracts.WebexJson;
using Parley.Core;
using Parley.Server.Hosting;
using Parley.Server.Http;

namespace Parley.Server.Endpoints;

/// <summary>The authenticated event stream: webhook envelopes over a WebSocket, resumable by cursor (docs/event-stream.md).</summary>
public static class EventStreamEndpoints
{
    private const int Batch = 100;
    private const string StreamPath = "/v1/stream";
    private static readonly TimeSpan _closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// WebSocket upgrades for the stream alone: the middleware inspects and wraps every request it sees, and no other
    /// route accepts an upgrade.
    /// </summary>
    public static IApplicationBuilder UseEventStreamWebSockets(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(StreamPath), stream => stream.UseWebSockets());

    public static RouteGroupBuilder MapEventStream(this RouteGroupBuilder v1)
    {
        // Like webhooks, the stream needs no scope: each envelope is filtered by what the caller may read.
        v1.MapGet("/stream", Stream).WithTags("Event stream").RequireAnyScope();
        return v1;
    }

    private static async Task<IResult> Stream(
        HttpContext context, EventStreamService streams, OutboxWatcher watcher, TokenService tokens, EventStreamOptions options, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new ValidationException("The event stream needs a WebSocket upgrade.");
        }
        var request = context.Request;
        // Validated before the upgrade, so a bad subscription or an expired cursor is an ordinary Webex error.
        var (subscription, after) = await streams.OpenAsync(
            context.Caller(),
            request.String("resource"),
            request.String("event"),
            request.String("filter"),
            request.String("cursor"),
            $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
        var token = BearerAuthentication.TokenOf(request)!;
        // Checked again at every heartbeat, so a stream ends when its token expires or is revoked.
        async Task<bool> TokenValidAsync()
        {
            try
            {
                await tokens.AuthenticateAsync(token, context.RequestAborted);
                return true;
            }
            catch (UnauthorizedException)
            {
                return false;
            }
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await RunAsync(socket, streams, watcher, subscription, after, TokenValidAsync, options, time, context.RequestAborted);
        return Results.Empty;
    }

    private static async Task RunAsync(
        WebSocket socket, EventStreamService streams, OutboxWatcher watcher, Webhook subscription, long after, Func<Task<bool>> tokenValid,
        EventStreamOptions options, TimeProvider time, CancellationToken aborted)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        // Clients send nothing but a close; reading is what notices it.
        var reader = DrainAsync(socket, closed);
        var lastSent = time.GetTimestamp();
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        string? closeReason = null;
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var (frames, last) = await streams.ReadAsync(subscription, after, Batch, closed.Token);
                foreach (var (cursor, envelope) in frames)
                {
                    await SendAsync(socket, new StreamFrame("event", cursor, envelope), closed.Token);
                    lastSent = time.GetTimestamp();
                }
                var more = last != after;
                after = last;
                if (more)
                {
                    continue;
                }
                if (time.GetElapsedTime(lastSent) >= options.HeartbeatInterval)
                {
                    if (!await tokenValid())
                    {
                        (closeStatus, closeReason) = (WebSocketCloseStatus.PolicyViolation, "The access token expired or was revoked.");
                        break;
                    }
                    // The heartbeat's cursor skips events this subscription does not receive.
                    await SendAsync(socket, new StreamFrame("heartbeat", EventStreamService.CursorOf(after)), closed.Token);
                    lastSent = time.GetTimestamp();
                }
                try
                {
                    var untilHeartbeat = options.HeartbeatInterval - time.GetElapsedTime(lastSent);
                    await watcher.WaitForEventAfterAsync(after, closed.Token).WaitAsync(untilHeartbeat > TimeSpan.Zero ? untilHeartbeat : TimeSpan.Zero, time, closed.Token);
                }
                catch (TimeoutException)
                {
                    // Nothing new: time for a heartbeat.
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping.
        }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, CancellationToken.None);
                // Let the client answer the close: cutting the connection at once can discard the close frame unread.
                await reader.WaitAsync(_closeHandshakeTimeout, CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
            }
        }
        await closed.CancelAsync();
        await reader;
    }

    private static Task SendAsync(WebSocket socket, StreamFrame frame, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame, WebexJson.Options), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}
