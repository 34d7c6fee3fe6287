namespace Parley.Webhooks;

/// <summary>The <c>Parley:Webhooks:Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Parley:Webhooks:Delivery";

    /// <summary>Per attempt, connect to last byte of the response headers.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Delay before each attempt: the first entry precedes the first attempt (normally zero), entry n the retry after the
    /// n-th failure. A delivery fails for good once every entry is used.
    /// </summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// <summary>Consecutive failed attempts after which a webhook becomes inactive; 0 never deactivates.</summary>
    public int FailureThreshold { get; set; } = 100;

    /// <summary>Attempts in flight in the whole process (also the number of deliveries leased at once).</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Attempts in flight per target host.</summary>
    public int ConcurrencyPerTarget { get; set; } = 4;

    /// <summary>How often the outbox and the retry queue are checked when nothing is due sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Added to <see cref="Timeout"/> to form a lease: a worker that dies mid-send lets the delivery become due again after it.</summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for a receiver's Retry-After.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long finished deliveries stay in the delivery log.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long events stay in the outbox (compliance events API, stream resume) after dispatch.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Adds the HMAC-SHA256 <c>X-Webex-Signature</c> header some third-party receivers check (50 §6.3).</summary>
    public bool SendWebexSignature { get; set; }

    /// <summary>Webex-like default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>The configured schedule, or the default when none is configured.</summary>
    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Count > 0 ? RetrySchedule : DefaultRetrySchedule;
}
