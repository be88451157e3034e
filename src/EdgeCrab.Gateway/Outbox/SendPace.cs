using System.Diagnostics;
using System.Threading.RateLimiting;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Spaces this node's sends so the whole app stays under DingTalk's per-app limit: the node takes its share of
/// <see cref="AppSendsPerSecond"/> (see <see cref="SendPaceShare"/>), evenly spaced, on a
/// <see cref="TokenBucketRateLimiter"/> that every outbox of the node shares; sends queue for it oldest first.
/// </summary>
/// <remarks>
/// A limiter's rate is fixed when it is built, so a new share swaps in a new limiter. Sends queued on the old one get
/// a refused lease when it is disposed and queue again on the new one (behind the sends already there: a
/// membership change is rare, and order between outboxes carries no meaning).
/// </remarks>
public sealed class SendPace : IDisposable
{
    /// <summary>
    /// DingTalk's limit for one app on one API: 20 requests a second, counted over a 1 s window (the "per app per API
    /// QPS" row of dingtalk-protocol.md's Limits, from DingTalk's page on API throttling,
    /// open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server; past it DingTalk
    /// answers <c>Forbidden.AccessDenied.QpsLimitForAppkeyAndApi</c> / errcode 90018).
    /// </summary>
    public const int AppSendsPerSecond = 20;

    private readonly int _appPerSecond;
    private readonly object _gate = new();
    private TokenBucketRateLimiter _limiter;
    private bool _disposed;
    // When the last send was let go (a Stopwatch timestamp): sends are kept at least a gap apart, see KeepGapAsync.
    private long _lastGrant;

    /// <summary>
    /// A limiter's timer can fire late and then on time, letting two sends go closer than the interval, so that 21
    /// land in one second; DingTalk counts whole seconds and the emulator a sliding one. Each send is also kept at
    /// least this much more than the interval after the one before, which absorbs timer and network jitter.
    /// </summary>
    public const double GapMargin = 1.03;

    public SendPace(int appPerSecond = AppSendsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(appPerSecond, 1);
        _appPerSecond = appPerSecond;
        _limiter = Create(SendPaceShare.Interval(appPerSecond, 1));
    }

    /// <summary>How many nodes share the app's budget now (1 on a single node).</summary>
    public int Nodes { get; private set; } = 1;

    /// <summary>This node's sends per second now.</summary>
    public double PerSecond => SendPaceShare.PerSecond(_appPerSecond, Nodes);

    /// <summary>Takes this node's share of the app's budget among <paramref name="nodes"/> sending nodes (at least 1).</summary>
    public void ShareAmong(int nodes)
    {
        nodes = Math.Max(1, nodes);
        TokenBucketRateLimiter old;
        lock (_gate)
        {
            if (_disposed || nodes == Nodes) return;
            Nodes = nodes;
            old = _limiter;
            Volatile.Write(ref _limiter, Create(SendPaceShare.Interval(_appPerSecond, nodes)));
        }
        old.Dispose();
    }

    /// <summary>Waits for this node's next send slot.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            var limiter = Volatile.Read(ref _limiter);
            RateLimitLease lease;
            try
            {
                lease = await limiter.AcquireAsync(1, ct).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                continue; // swapped between the read and the call: queue on the new one
            }
            using (lease)
            {
                // A refused lease (the queue is unbounded) means the limiter was swapped while we waited.
                if (!lease.IsAcquired) continue;
            }
            await KeepGapAsync(ct).ConfigureAwait(false);
            return;
        }
    }

    private long GapTicks => (long)(SendPaceShare.Interval(_appPerSecond, Nodes).TotalSeconds * GapMargin * Stopwatch.Frequency);

    /// <summary>Reserves the next send time at least a gap after the last one, and waits for it.</summary>
    private async Task KeepGapAsync(CancellationToken ct)
    {
        long now, at;
        lock (_gate)
        {
            now = Stopwatch.GetTimestamp();
            at = _lastGrant == 0 ? now : Math.Max(now, _lastGrant + GapTicks);
            _lastGrant = at;
        }
        if (at > now) await Task.Delay(Stopwatch.GetElapsedTime(now, at), ct).ConfigureAwait(false);
    }

    /// <summary>Takes a send slot only if one is free now and no send is queued for one.</summary>
    public bool TryTake()
    {
        if (Volatile.Read(ref _disposed)) return false;
        try
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                if (_lastGrant != 0 && now < _lastGrant + GapTicks) return false;
                using var lease = Volatile.Read(ref _limiter).AttemptAcquire(1);
                if (lease.IsAcquired) _lastGrant = now;
                return lease.IsAcquired;
            }
        }
        catch (ObjectDisposedException)
        {
            return false; // swapped just now: the next try finds the new one
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _limiter.Dispose();
    }

    // One token, one more every interval: sends evenly spaced, no burst, so nodes' sends cannot pile into one second.
    private static TokenBucketRateLimiter Create(TimeSpan interval) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = interval,
        AutoReplenishment = true,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
