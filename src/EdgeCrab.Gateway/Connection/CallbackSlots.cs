namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// The node's bound on robot callbacks in flight (taken in, not yet acked, refused or given up on), shared by the
/// stream socket and the HTTP callback endpoint. The socket waits for a slot before it reads on, so TCP pushes back
/// and DingTalk holds or redelivers; the HTTP endpoint waits briefly and otherwise answers 503.
/// A <see cref="SemaphoreSlim"/> (asynchronous waiters are served in arrival order, so neither path starves the
/// other) rather than System.Threading.RateLimiting, which is not in the base framework the gateway builds on.
/// Not disposable on purpose: a slot may be freed late (by a finishing intake task) and must never meet a disposed semaphore.
/// </summary>
public sealed class CallbackSlots
{
    public const int DefaultLimit = 2000;

    private readonly SemaphoreSlim _free;

    public CallbackSlots(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        _free = new SemaphoreSlim(limit, limit);
    }

    public int Limit { get; }

    /// <summary>Slots taken now (for <c>/metrics</c>).</summary>
    public int InUse => Limit - _free.CurrentCount;

    /// <summary>Waits as long as it takes for a slot; throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.</summary>
    public async ValueTask<CallbackSlot> TakeAsync(CancellationToken ct)
    {
        await _free.WaitAsync(ct).ConfigureAwait(false);
        return new CallbackSlot(_free);
    }

    /// <summary>A slot if one is free within <paramref name="wait"/>, else null.</summary>
    public async ValueTask<CallbackSlot?> TryTakeAsync(TimeSpan wait, CancellationToken ct) =>
        await _free.WaitAsync(wait, ct).ConfigureAwait(false) ? new CallbackSlot(_free) : null;
}
