using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Webhooks;

/// <summary>The server's resident memory and CPU time, from /proc.</summary>
public sealed class ServerProcess(int pid, int clockTicks)
{
    public long RssKb() =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>User plus system CPU over the next <paramref name="window"/>, in % of one core.</summary>
    public async Task<double> CpuPercentAsync(TimeSpan window)
    {
        var before = CpuTime();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(window);
        return CpuPercent(before, started);
    }

    /// <summary>User plus system CPU since <paramref name="before"/> (a <see cref="CpuTime"/>) and <paramref name="started"/> (a Stopwatch timestamp), in % of one core.</summary>
    public double CpuPercent(TimeSpan before, long started) => 100 * (CpuTime() - before) / Stopwatch.GetElapsedTime(started);

    /// <summary>User plus system CPU time used so far.</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the ")" that ends the command name; utime and stime are fields 14 and 15 of the line.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / clockTicks);
    }
}
