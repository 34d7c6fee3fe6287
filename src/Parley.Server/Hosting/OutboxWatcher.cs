using Parley.Core;

namespace Parley.Server.Hosting;

/// <summary>
/// Watches the outbox for new events on behalf of every open event stream: one query per poll interval for the
/// whole process, instead of one per stream, so idle streams cost no database work. Streams read their own events
/// only once something new exists.
/// </summary>
public sealed partial class OutboxWatcher(IDataStore store, EventStreamOptions options, TimeProvider time, ILogger<OutboxWatcher> logger) : BackgroundService
{
    private long _lastSeq;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the outbox holds an event numbered above <paramref name="seq"/>.</summary>
    public Task WaitForEventAfterAsync(long seq, CancellationToken cancellationToken)
    {
        // The signal is taken before the number: the poller writes the number first, then completes the signal.
        var changed = Volatile.Read(ref _changed);
        return Volatile.Read(ref _lastSeq) > seq ? Task.CompletedTask : changed.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        do
        {
            try
            {
                var last = await store.ReadAsync(s => s.Outbox.LastSeqAsync(), stoppingToken);
                if (last != Volatile.Read(ref _lastSeq))
                {
                    Volatile.Write(ref _lastSeq, last);
                    Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking the outbox for new events failed")]
    private partial void LogPollFailed(Exception exception);
}
