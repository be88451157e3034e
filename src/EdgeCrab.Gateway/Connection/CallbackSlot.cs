namespace EdgeCrab.Gateway.Connection;

/// <summary>One callback's place among those in flight; disposing it frees the place, once, however often it is disposed.</summary>
public sealed class CallbackSlot : IDisposable
{
    private SemaphoreSlim? _free;
    private Action<CallbackSlot>? _onFree;

    internal CallbackSlot(SemaphoreSlim free) => _free = free;

    /// <summary>Runs once the slot is freed (its holder stops tracking it); at once if it already is.</summary>
    public void WhenFreed(Action<CallbackSlot> onFree)
    {
        _onFree = onFree;
        if (Volatile.Read(ref _free) is null) onFree(this);
    }

    public void Dispose()
    {
        var free = Interlocked.Exchange(ref _free, null);
        if (free is null) return;
        free.Release();
        _onFree?.Invoke(this);
    }
}
