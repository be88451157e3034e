namespace EdgeCrab.DingTalk.Security;

/// <summary>
/// Makes an HTTP-callback signature good for one callback. DingTalk's <c>sign</c> covers only the timestamp and the
/// secret, so whoever sees one request could post any body with its headers for as long as the timestamp is in the
/// window. Each <c>(timestamp, sign)</c> pair is remembered with the msgId it first came with: the same pair with the
/// same msgId is DingTalk retrying that callback and passes; with another msgId it is a replay and is refused.
/// <para>
/// Except in the first moments of a pair: two genuine callbacks signed in the same millisecond carry the same pair
/// (seen in the end-to-end specs, whose emulator signs as DingTalk does), and refusing the second would turn a busy
/// second into 401s. So up to <see cref="MaxCallbacksPerSignature"/> msgIds share a pair if each comes within
/// <see cref="SameInstant"/> of its first use; a captured signature is useless to a replay after that.
/// </para>
/// Thread-safe (Kestrel calls it from many threads at once).
/// </summary>
public sealed class SignatureReplayGuard
{
    /// <summary>
    /// At most this many pairs are remembered, about 28 callbacks a second for an hour of the window, a few tens of MB
    /// at worst. When full, a new pair is refused (<see cref="ReplayVerdict.Full"/>; the caller answers 503 and DingTalk
    /// tries again later) until old pairs leave the window: forgetting a pair early would reopen it for replay.
    /// </summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>How soon after a pair's first use another callback signed in the same millisecond may still arrive.</summary>
    public static readonly TimeSpan SameInstant = TimeSpan.FromSeconds(2);

    /// <summary>How many callbacks one pair may carry: DingTalk signing more for one app in one millisecond is not plausible.</summary>
    public const int MaxCallbacksPerSignature = 16;

    private readonly object _gate = new();
    private readonly Dictionary<(long Timestamp, string Sign), PairUse> _seen = [];
    private readonly PriorityQueue<(long Timestamp, string Sign), long> _expiry = new();
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly TimeProvider _clock;

    /// <param name="window">How far a timestamp may be from now (the signature's allowed skew): a pair is kept until its timestamp is that far behind.</param>
    public SignatureReplayGuard(TimeSpan window, int capacity = DefaultCapacity, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _window = window;
        _capacity = capacity;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Pairs remembered now (tests, diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _seen.Count;
        }
    }

    /// <summary>Records a verified pair's first use; call it once the body's msgId is known.</summary>
    public ReplayVerdict Check(long timestampMs, string sign, string msgId)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            Forget(now);
            var pair = (timestampMs, sign);
            if (_seen.TryGetValue(pair, out var use))
            {
                if (use.Carried(msgId)) return ReplayVerdict.SameCallbackAgain;
                return now - use.FirstSeenMs <= (long)SameInstant.TotalMilliseconds && use.TryCarry(msgId) ? ReplayVerdict.FirstUse : ReplayVerdict.Replayed;
            }
            if (_seen.Count >= _capacity) return ReplayVerdict.Full;
            _seen[pair] = new PairUse(now, msgId);
            // The signature itself is refused once the timestamp is more than the window behind: keep the pair that long.
            _expiry.Enqueue(pair, SaturatingAdd(timestampMs, (long)_window.TotalMilliseconds));
            return ReplayVerdict.FirstUse;
        }
    }

    private void Forget(long now)
    {
        while (_expiry.TryPeek(out var pair, out var until) && until < now)
        {
            _expiry.Dequeue();
            _seen.Remove(pair);
        }
    }

    // The msgIds one pair came with: nearly always one, so the rest are kept only when there are any.
    private sealed class PairUse(long firstSeenMs, string first)
    {
        private List<string>? _more;

        public long FirstSeenMs { get; } = firstSeenMs;

        public bool Carried(string msgId) =>
            string.Equals(first, msgId, StringComparison.Ordinal) || (_more?.Contains(msgId, StringComparer.Ordinal) ?? false);

        public bool TryCarry(string msgId)
        {
            if (1 + (_more?.Count ?? 0) >= MaxCallbacksPerSignature) return false;
            (_more ??= []).Add(msgId);
            return true;
        }
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
