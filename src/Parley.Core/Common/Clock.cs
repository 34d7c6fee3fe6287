namespace Parley.Core;

public static class Clock
{
    /// <summary>Current UTC time truncated to the millisecond, the precision of the wire and the store.</summary>
    public static DateTime UtcNowMs(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
