namespace EdgeCrab.DingTalk.Robot;

/// <summary>DingTalk's epoch-millisecond fields (<c>createAt</c>, <c>sessionWebhookExpiredTime</c>) read as instants, totally.</summary>
public static class UnixMilliseconds
{
    private static readonly long Latest = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// The instant, or null for a value no real callback carries: before 1970 (DingTalk never sends one) or past the
    /// year 9999 (where <see cref="DateTimeOffset.FromUnixTimeMilliseconds"/> would throw). Null rather than clamped:
    /// a clamped time would look real to whoever reads it next, an absent one makes the caller choose what it means.
    /// </summary>
    public static DateTimeOffset? ToInstant(long milliseconds) =>
        milliseconds is >= 0 && milliseconds <= Latest ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
}
