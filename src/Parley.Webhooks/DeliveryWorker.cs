using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebexJson = Parley.Contracts.WebexJson;
using WebhookSignatures = Parley.Contracts.WebhookSignatures;
using Parley.Core;

namespace Parley.Webhooks;

/// <summary>
/// Moves events from the outbox to webhook targets. Two steps, both driven by the store so that a restart resumes
/// where it stopped: dispatch (match undispatched events to webhooks and queue one delivery per webhook, marking the
/// events dispatched in the same transaction) and delivery (lease due deliveries, POST them, record the attempt and
/// the next retry). Nothing is queued in memory beyond the attempts in flight, which are bounded.
/// </summary>
public sealed partial class DeliveryWorker(
    IDataStore store,
    IHttpClientFactory httpClients,
    TimeProvider time,
    DeliveryOptions options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "Parley.Webhooks";
    private const int DispatchBatch = 100;
    private static readonly TimeSpan _cleanupInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perTarget = new();
    private DateTime _lastCleanup = DateTime.MinValue;
    private volatile TaskCompletionSource _attemptFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Replaced before the free slots are counted, so an attempt finishing after the count is not missed.
                var attemptFinished = (_attemptFinished = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                var dispatched = await DispatchAsync(stoppingToken);
                var saturated = await StartDueAsync(stoppingToken);
                await CleanupAsync(stoppingToken);
                if (dispatched < DispatchBatch)
                {
                    // With every slot taken, more deliveries may be due: lease again as soon as a slot frees up
                    // instead of a poll interval later, which would cap delivery at MaxConcurrency per PollInterval.
                    await WaitAsync(saturated ? attemptFinished : null, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ConflictException)
            {
                // Lost a dispatch race to another node: what is left is planned again at once.
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex);
                await Task.Delay(options.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        // In-flight attempts see the cancellation; their leases expire and they are retried after a restart.
        await Task.WhenAll(_inFlight.Keys).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Plans deliveries for a batch of undispatched events and queues them with the dispatch mark, atomically. Returns
    /// the number of events planned, which is below <see cref="DispatchBatch"/> once the outbox is caught up.
    /// </summary>
    private async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var firstDelay = options.Schedule[0];
        var plan = await store.ReadAsync(async s =>
        {
            if (!await s.Webhooks.AnyActiveAsync())
            {
                // No event can be delivered: everything so far is dispatched without being read.
                return new DispatchPlan(await s.Outbox.DispatchedThroughAsync() + 1, await s.Outbox.LastSeqAsync(), 0, []);
            }
            var batch = await s.Outbox.ListUndispatchedAsync(DispatchBatch);
            return batch.Count == 0
                ? new DispatchPlan(0, -1, 0, [])
                : new DispatchPlan(batch[0].Seq, batch[^1].Seq, batch.Count, await WebhookDispatch.PlanAsync(s, batch, now));
        }, cancellationToken);
        if (plan.LastSeq < plan.FirstSeq)
        {
            return 0;
        }
        await store.WriteAsync(async s =>
        {
            foreach (var delivery in plan.Deliveries)
            {
                delivery.NextAttemptAt = now + firstDelay;
                s.Deliveries.Add(delivery);
            }
            // Nodes sharing a database may plan the same events; only the one that marks all of them keeps its plan.
            if (!await s.Outbox.MarkDispatchedAsync(plan.FirstSeq, plan.LastSeq))
            {
                throw new ConflictException("Another node dispatched some of these events.");
            }
            return true;
        }, cancellationToken);
        return plan.Planned;
    }

    /// <summary>Events <paramref name="FirstSeq"/> to <paramref name="LastSeq"/> are dispatched with these deliveries.</summary>
    private sealed record DispatchPlan(long FirstSeq, long LastSeq, int Planned, IReadOnlyList<WebhookDelivery> Deliveries);

    /// <summary>Leases due deliveries into the free slots and starts them; true when no slot is left free.</summary>
    private async Task<bool> StartDueAsync(CancellationToken cancellationToken)
    {
        var free = options.MaxConcurrency - _inFlight.Count;
        if (free <= 0)
        {
            return true;
        }
        var now = time.UtcNowMs();
        // Checked with a read first: on SQLite every write is a durable commit, too costly for an idle poll.
        if (!await store.ReadAsync(s => s.Deliveries.AnyDueAsync(now), cancellationToken))
        {
            return false;
        }
        var leased = await store.WriteAsync(s => s.Deliveries.LeaseDueAsync(now, now + options.Timeout + options.LeaseMargin, free), cancellationToken);
        foreach (var delivery in leased)
        {
            var task = AttemptAsync(delivery, cancellationToken);
            _inFlight[task] = true;
            _ = task.ContinueWith(t =>
            {
                _inFlight.TryRemove(t, out _);
                _attemptFinished.TrySetResult();
            }, TaskScheduler.Default);
        }
        return leased.Count == free;
    }

    /// <summary>Waits for the poll interval, or less when <paramref name="attemptFinished"/> completes first.</summary>
    private async Task WaitAsync(Task? attemptFinished, CancellationToken stoppingToken)
    {
        if (attemptFinished is null)
        {
            await Task.Delay(options.PollInterval, time, stoppingToken);
            return;
        }
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(options.PollInterval, time, poll.Token);
        await Task.WhenAny(attemptFinished, delay);
        await poll.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    private sealed record Outcome(bool Success, int? StatusCode, string? Error, TimeSpan? RetryAfter, DateTime Started, int DurationMs);

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var (deliveryId, webhookId, eventSeq) = (delivery.Id, delivery.WebhookId, delivery.EventSeq);
        try
        {
            var (webhook, outboxEvent, envelope) = await store.ReadAsync(async s =>
            {
                var w = await s.Webhooks.GetAsync(webhookId);
                var e = (await s.Outbox.GetManyAsync([eventSeq])).FirstOrDefault();
                return (w, e, w is null || e is null ? null : await WebhookDispatch.EnvelopeAsync(s, w, e));
            }, cancellationToken);
            if (webhook is null)
            {
                return;
            }
            var outcome = envelope is null
                ? new Outcome(false, null, "The event is no longer retained.", null, time.UtcNowMs(), 0)
                : await SendAsync(delivery, webhook, outboxEvent!, envelope, cancellationToken);
            if (outcome is not null)
            {
                await RecordAsync(deliveryId, outcome, permanent: envelope is null, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the delivery back so the next start sends it at once. If this write does not
            // happen (a crash), the lease runs out and the delivery becomes due anyway.
            await ReleaseAsync(deliveryId);
        }
        catch (Exception ex)
        {
            LogAttemptFailed(ex, webhookId);
        }
    }

    /// <summary>The attempt's outcome; null when the lease ran out while queued for the target and another attempt took over.</summary>
    private async Task<Outcome?> SendAsync(WebhookDelivery delivery, Webhook webhook, OutboxEvent outboxEvent, Parley.Contracts.WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        // Serialized once; the same buffer is signed and sent (50 §6.3).
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, WebexJson.Options);
        var target = new Uri(webhook.TargetUrl);
        var gate = _perTarget.GetOrAdd(target.Authority, _ => new SemaphoreSlim(options.ConcurrencyPerTarget));
        await gate.WaitAsync(cancellationToken);
        var started = time.UtcNowMs();
        var clock = time.GetTimestamp();
        try
        {
            if (!await KeepLeaseAsync(delivery, cancellationToken))
            {
                return null;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("User-Agent", "Parley/1.0");
            request.Headers.TryAddWithoutValidation("TrackingID", $"PARLEY_WEBHOOK_{Guid.NewGuid()}");
            var messageId = $"msg_{outboxEvent.Id:N}{webhook.Id:N}";
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation("webhook-id", messageId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            if (webhook.Secret is { } secret)
            {
                request.Headers.TryAddWithoutValidation("X-Spark-Signature", WebhookSignatures.Spark(secret, body));
                request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignatures.Standard(secret, messageId, timestamp, body));
                if (options.SendWebexSignature)
                {
                    request.Headers.TryAddWithoutValidation("X-Webex-Signature", WebhookSignatures.Webex(secret, body));
                }
            }
            using var attemptTimeout = new CancellationTokenSource(options.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(attemptTimeout.Token, cancellationToken);
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                var status = (int)response.StatusCode;
                return new Outcome(status is >= 200 and < 300, status, null, RetryAfter(response), started, Elapsed(clock));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new Outcome(false, null, $"No response within {options.Timeout.TotalSeconds:0.###} s.", null, started, Elapsed(clock));
            }
            catch (HttpRequestException ex)
            {
                return new Outcome(false, null, ex.InnerException is BlockedTargetException blocked ? blocked.Message : ex.Message, null, started, Elapsed(clock));
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A delivery may wait behind its target's concurrency limit for longer than the lease leaves for the attempt;
    /// then the lease is renewed first, and if it already ran out and was taken again, this attempt is dropped, so a
    /// queue for a slow target never sends the same delivery twice.
    /// </summary>
    private async Task<bool> KeepLeaseAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        if (delivery.LeaseUntil is not { } heldUntil || heldUntil - now > options.Timeout + options.LeaseMargin / 2)
        {
            return true;
        }
        var renewed = now + options.Timeout + options.LeaseMargin;
        if (!await store.WriteAsync(s => s.Deliveries.RenewLeaseAsync(delivery.Id, heldUntil, renewed), cancellationToken))
        {
            return false;
        }
        delivery.LeaseUntil = renewed;
        return true;
    }

    private async Task ReleaseAsync(Guid deliveryId)
    {
        try
        {
            await store.WriteAsync(async s =>
            {
                if (await s.Deliveries.GetAsync(deliveryId) is { Status: DeliveryStatus.Pending } delivery)
                {
                    delivery.LeaseUntil = null;
                }
                return true;
            }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex, deliveryId);
        }
    }

    private int Elapsed(long start) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(start).TotalMilliseconds);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? (d < options.MaxRetryAfter ? d : options.MaxRetryAfter) : null;
    }

    /// <summary>Records an attempt, schedules the retry or ends the delivery, and counts failures toward deactivation.</summary>
    private Task RecordAsync(Guid deliveryId, Outcome outcome, bool permanent, CancellationToken cancellationToken) =>
        store.WriteAsync(async s =>
        {
            var delivery = await s.Deliveries.GetAsync(deliveryId);
            var webhook = delivery is null ? null : await s.Webhooks.GetAsync(delivery.WebhookId);
            if (delivery is null || webhook is null)
            {
                return false;
            }
            var now = time.UtcNowMs();
            delivery.Attempts++;
            delivery.LeaseUntil = null;
            s.Deliveries.AddAttempt(new DeliveryAttempt
            {
                Id = Uuid7.New(),
                DeliveryId = delivery.Id,
                WebhookId = webhook.Id,
                Number = delivery.Attempts,
                Started = outcome.Started,
                DurationMs = outcome.DurationMs,
                StatusCode = outcome.StatusCode,
                Error = outcome.Error,
            });
            if (outcome.Success)
            {
                delivery.Status = DeliveryStatus.Succeeded;
                delivery.Completed = now;
                webhook.ConsecutiveFailures = 0;
                return true;
            }
            webhook.ConsecutiveFailures++;
            if (options.FailureThreshold > 0 && webhook.ConsecutiveFailures >= options.FailureThreshold && webhook.IsActive)
            {
                webhook.IsActive = false;
                LogDeactivated(webhook.Id, webhook.ConsecutiveFailures);
            }
            var schedule = options.Schedule;
            if (permanent || delivery.Attempts >= schedule.Count)
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.Completed = now;
                return true;
            }
            var delay = schedule[delivery.Attempts];
            delivery.NextAttemptAt = now + (outcome.RetryAfter is { } retryAfter && retryAfter > delay ? retryAfter : delay);
            return true;
        }, cancellationToken);

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        if (now - _lastCleanup < _cleanupInterval)
        {
            return;
        }
        _lastCleanup = now;
        await store.WriteAsync(async s =>
        {
            await s.Deliveries.DeleteCompletedBeforeAsync(now - options.DeliveryRetention);
            return await s.Outbox.DeleteDispatchedBeforeAsync(now - options.EventRetention);
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery loop failed; retrying")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery attempt for webhook {WebhookId} failed unexpectedly")]
    private partial void LogAttemptFailed(Exception exception, Guid webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand back delivery {DeliveryId} at shutdown; it is retried when its lease expires")]
    private partial void LogReleaseFailed(Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} deactivated after {Failures} consecutive failed attempts")]
    private partial void LogDeactivated(Guid webhookId, int failures);
}
