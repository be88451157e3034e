namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// How soon a persistent actor stopped by its journal is started again: <see cref="Initial"/>, doubling, capped at
/// <see cref="Max"/>, ±20 % jitter so thousands of sessions do not retry in step; the count resets once a restarted
/// actor has stayed recovered for <see cref="ResetAfter"/>.
/// </summary>
public sealed record JournalBackoff(TimeSpan Initial, TimeSpan Max, TimeSpan ResetAfter)
{
    /// <summary>
    /// 0.5 s, 1 s, 2 s, 4 s, 5 s…: a database restart or a lock held for seconds is waited out within a few seconds of
    /// its end, while a journal that stays down costs a recovery attempt per actor every 5 s at most.
    /// </summary>
    public static readonly JournalBackoff Default = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    private const double Jitter = 0.2;

    public TimeSpan Delay(int failures)
    {
        var centre = Math.Min(Max.Ticks, Initial.Ticks * Math.Pow(2, Math.Min(failures, 30)));
        return TimeSpan.FromTicks((long)(centre * (1 + Jitter * (2 * Random.Shared.NextDouble() - 1))));
    }
}
