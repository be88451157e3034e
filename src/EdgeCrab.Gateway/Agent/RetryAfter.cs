using System.Globalization;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// Reads how long a provider asks us to wait: <c>retry-after-ms</c> (OpenAI's, in milliseconds), else
/// <c>Retry-After</c> as seconds or as an HTTP date (RFC 9110). Null when neither is there or readable.
/// </summary>
public static class RetryAfter
{
    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
            return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
        if (string.IsNullOrWhiteSpace(retryAfter)) return null;
        var text = retryAfter.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds))
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
