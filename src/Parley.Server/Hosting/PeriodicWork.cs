namespace Parley.Server.Hosting;

/// <summary>The loop of a background service that works at once and then once per interval until the host stops.</summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await work(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A host that fails to start (its address in use) cancels this without stopping it first, and
            // would log the cancellation as this service's failure.
        }
    }
}
