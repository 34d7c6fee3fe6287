using System.Diagnostics;

namespace Parley.Bench.Webhooks;

public static class Wait
{
    /// <summary>
    /// Polls a counter until it reaches <paramref name="target"/>, or until it stood still for <paramref name="stall"/>.
    /// Arrival times are taken where things arrive, so the polling only delays the next step, never a measurement.
    /// </summary>
    public static async Task<bool> ForCountAsync(Func<int> count, int target, TimeSpan stall)
    {
        var last = count();
        var progress = Stopwatch.GetTimestamp();
        while (last < target)
        {
            await Task.Delay(5);
            var now = count();
            if (now != last)
            {
                (last, progress) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(progress) > stall)
            {
                return false;
            }
        }
        return true;
    }
}
