using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Parley.Contracts;
using Parley.Sdk.Internal;

namespace Parley.Sdk;

/// <summary>What <see cref="EventStreamClient.ReadAsync"/> subscribes to, where it starts and how it reconnects.</summary>
public sealed record EventStreamOptions
{
    /// <summary>As for webhooks: <c>messages</c>, <c>memberships</c>, <c>rooms</c>, <c>attachmentActions</c> or <c>all</c> (the default).</summary>
    public string? Resource { get; init; }

    /// <summary><c>created</c>, <c>updated</c>, <c>deleted</c> or <c>all</c> (the default).</summary>
    public string? Event { get; init; }

    /// <summary>A webhook filter, for example <c>roomId=…</c>.</summary>
    public string? Filter { get; init; }

    /// <summary>Resume after this cursor (a <see cref="StreamEvent.Cursor"/> saved earlier); without it the stream starts with the next new event.</summary>
    public string? Cursor { get; init; }

    /// <summary>The first wait before reconnecting; it doubles after each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A connection that delivers no frame, not even a heartbeat, for this long is taken as dead and replaced.
    /// Parley sends a heartbeat after 30 quiet seconds.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>An event of the stream: the webhook envelope, and the cursor to resume after it.</summary>
/// <param name="Cursor">Pass as <see cref="EventStreamOptions.Cursor"/> to continue after this event.</param>
/// <param name="Envelope">Exactly what a webhook would receive.</param>
public sealed record StreamEvent(string Cursor, WebhookEnvelope Envelope);

/// <summary>
/// Parley's event stream (<c>GET /v1/stream</c>, a WebSocket): webhook envelopes pushed to clients that cannot receive
/// webhooks. Not part of the Webex API.
/// </summary>
public sealed class EventStreamClient
{
    private readonly WebexConnection _connection;

    internal EventStreamClient(WebexConnection connection) => _connection = connection;

    /// <summary>
    /// Yields events as they happen, until cancelled. A dropped or silent connection is replaced, resuming after the
    /// last frame received, so no event is missed or repeated; heartbeats only advance that position.
    /// </summary>
    /// <param name="options">Subscription, starting cursor and reconnection behaviour.</param>
    /// <param name="cancellationToken">Ends the stream (with <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="WebexApiException">The server refused the connection for a reason retrying cannot fix (bad token, bad subscription, expired cursor).</exception>
    public async IAsyncEnumerable<StreamEvent> ReadAsync(EventStreamOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new();
        var cursor = options.Cursor;
        var delay = options.ReconnectDelay;
        while (true)
        {
            using (var socket = await ConnectAsync(options, cursor, cancellationToken).ConfigureAwait(false))
            {
                if (socket is not null)
                {
                    delay = options.ReconnectDelay;
                    try
                    {
                        while (await ReceiveAsync(socket, options.IdleTimeout, cancellationToken).ConfigureAwait(false) is { } frame)
                        {
                            cursor = frame.Cursor;
                            if (frame.Envelope is { } envelope)
                            {
                                yield return new StreamEvent(frame.Cursor, envelope);
                            }
                        }
                    }
                    finally
                    {
                        await CloseAsync(socket).ConfigureAwait(false);
                    }
                }
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>An open socket, or null after a failure worth retrying (no answer, 408, 429, 5xx).</summary>
    private async Task<ClientWebSocket?> ConnectAsync(EventStreamOptions options, string? cursor, CancellationToken cancellationToken)
    {
        var query = new Query()
            .Add("resource", options.Resource)
            .Add("event", options.Event)
            .Add("filter", options.Filter)
            .Add("cursor", cursor);
        var url = new UriBuilder(_connection.Resolve("stream", query));
        url.Scheme = url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (_connection.AccessToken is { } token)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }
        try
        {
            await socket.ConnectAsync(url.Uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            var trackingId = socket.HttpResponseHeaders?.FirstOrDefault(h => h.Key.Equals("TrackingID", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
            socket.Dispose();
            if (status is 0 or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500)
            {
                return null;
            }
            throw new WebexApiException(status, $"The event stream refused the connection ({(int)status}).", trackingId, []);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next frame, or null when the connection closed, failed or stayed silent for <paramref name="idleTimeout"/>.</summary>
    private static async Task<StreamFrame?> ReceiveAsync(ClientWebSocket socket, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        var message = new ArrayBufferWriter<byte>();
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(message.GetMemory(4096), idle.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                message.Advance(result.Count);
            }
            while (!result.EndOfMessage);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (WebSocketException)
        {
            return null;
        }
        return JsonSerializer.Deserialize<StreamFrame>(message.WrittenSpan, WebexJson.Options)
            ?? throw new JsonException("The event stream sent a null frame.");
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }
        // A polite close so the server stops at once; it is not waited for long.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
