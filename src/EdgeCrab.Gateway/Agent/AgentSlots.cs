using System.Threading.RateLimiting;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// The node's budget of agent requests in flight (<c>EDGECRAB_MAX_CONCURRENT_TURNS</c>): a turn holds a slot while the
/// model streams; the others wait in arrival order.
/// </summary>
/// <remarks>
/// First come, first served across turns is also fair across conversations: a conversation runs at most one turn at a
/// time, so it holds at most one place in this queue, and its next turn queues behind everyone who arrived meanwhile.
/// One busy conversation therefore cannot starve the rest.
/// </remarks>
public sealed class AgentSlots : IDisposable
{
    public const int DefaultLimit = 32;

    private readonly ConcurrencyLimiter _limiter;

    public AgentSlots(int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limit,
            // Never refuse a turn for want of queue room: every turn waiting here is a message DingTalk was told we
            // have, and the number of turns is bounded by the number of conversations anyway.
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>How many agent requests may be in flight at once on this node.</summary>
    public int Limit { get; }

    /// <summary>Turns holding a slot now: their model request is in flight.</summary>
    public long Running => Limit - _limiter.GetStatistics()!.CurrentAvailablePermits;

    /// <summary>Turns queued for a slot.</summary>
    public long Waiting => _limiter.GetStatistics()!.CurrentQueuedCount;

    /// <summary>
    /// Waits for a slot. Cancelling <paramref name="ct"/> while queued leaves the queue (the limiter gives back a slot
    /// it granted at the same instant), so a stopped turn never holds or leaks one. Dispose the lease to free the slot.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct)
    {
        var lease = await _limiter.AcquireAsync(1, ct).ConfigureAwait(false);
        if (lease.IsAcquired) return lease;
        // Only a disposed limiter refuses (the queue is unbounded): the node is shutting down.
        lease.Dispose();
        throw new OperationCanceledException("the agent's slots are closed: the node is stopping");
    }

    public void Dispose() => _limiter.Dispose();
}
