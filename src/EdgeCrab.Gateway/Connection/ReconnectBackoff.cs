namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// The reconnect schedule: <see cref="Initial"/>, doubling, capped at <see cref="Max"/>, each delay within ±<see cref="Jitter"/>,
/// reset once a connection has stayed up for <see cref="ResetAfter"/>. Akka's backoff supervisor multiplies its delay
/// by 1 + U(0, randomFactor); <see cref="AkkaParameters"/> picks its min, max and factor so that product is exactly
/// this schedule: min = Initial·(1−J), factor = 2J/(1−J), giving [Initial·(1−J), Initial·(1+J)]·2ⁿ.
/// </summary>
public sealed record ReconnectBackoff(TimeSpan Initial, TimeSpan Max, double Jitter, TimeSpan ResetAfter)
{
    public static readonly ReconnectBackoff Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.2, TimeSpan.FromSeconds(30));

    public (TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor) AkkaParameters
    {
        get
        {
            var low = 1 - Jitter;
            return (Initial * low, Max * low, 2 * Jitter / low);
        }
    }

    /// <summary>The range a delay falls in after <paramref name="failures"/> failed attempts (for tests and the bench).</summary>
    public (TimeSpan Low, TimeSpan High) Range(int failures)
    {
        var centre = TimeSpan.FromTicks((long)Math.Min(Max.Ticks, Initial.Ticks * Math.Pow(2, failures)));
        return (centre * (1 - Jitter), centre * (1 + Jitter));
    }
}
