using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Webhooks;

/// <summary>What arrived for a set of sent messages, each expected once at every hook.</summary>
public sealed record Summary(int Delivered, int Duplicates, int Missing, IReadOnlyList<double> LatenciesMs, double Seconds)
{
    public double PerSecond => Seconds > 0 ? Delivered / Seconds : 0;

    /// <param name="starts">When each message counted here was sent (Stopwatch timestamps), by message id.</param>
    public static Summary Of(IReadOnlyList<Arrival> arrivals, IReadOnlyDictionary<string, long> starts, int hooks)
    {
        var first = new Dictionary<(int, string), long>();
        var duplicates = 0;
        foreach (var a in arrivals.Where(a => starts.ContainsKey(a.MessageId)))
        {
            if (!first.TryAdd((a.Hook, a.MessageId), a.Timestamp))
            {
                duplicates++;
            }
        }
        var latencies = first.Select(f => Stopwatch.GetElapsedTime(starts[f.Key.Item2], f.Value).TotalMilliseconds).Order().ToList();
        var seconds = first.Count == 0 ? 0 : Stopwatch.GetElapsedTime(starts.Values.Min(), first.Values.Max()).TotalSeconds;
        var perMessage = first.GroupBy(f => f.Key.Item2).Select(m => (
            First: Stopwatch.GetElapsedTime(starts[m.Key], m.Min(f => f.Value)).TotalMilliseconds,
            Spread: Stopwatch.GetElapsedTime(m.Min(f => f.Value), m.Max(f => f.Value)).TotalMilliseconds)).ToList();
        return new Summary(first.Count, duplicates, (starts.Count * hooks) - first.Count, latencies, seconds)
        {
            FirstMs = Median(perMessage.Select(m => m.First)),
            SpreadMs = Median(perMessage.Select(m => m.Spread)),
        };
    }

    /// <summary>Per message, the median time from sending it to its first arrival (for webhooks: polling and dispatch).</summary>
    public double FirstMs { get; init; }

    /// <summary>Per message, the median time from its first arrival to its last (the delivery rate proper).</summary>
    public double SpreadMs { get; init; }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
    }

    /// <summary>Nearest-rank percentile in milliseconds.</summary>
    public double Percentile(double p) =>
        LatenciesMs.Count == 0 ? double.NaN : LatenciesMs[Math.Max(0, (int)Math.Ceiling(p / 100 * LatenciesMs.Count) - 1)];

    public string Row(string label, Summary baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Delivered:N0} | {PerSecond:N0} | {100 * PerSecond / baseline.PerSecond:0}% | {Percentile(50):0.0} | {Percentile(90):0.0} | {Percentile(99):0.0} | {Percentile(100):0.0} | {Seconds:0.00} | {Duplicates} | {Missing} |");
}
