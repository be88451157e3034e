namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Spaces sends so the whole app stays under DingTalk's per-app QPS limit (20 a second by default). Shared by every
/// outbox of the node: each send takes the next free slot.
/// </summary>
public sealed class SendPace(int perSecond, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, perSecond));
    private readonly object _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public Task WaitAsync(CancellationToken ct)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _interval;
            wait = slot - now;
        }
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _clock, ct);
    }
}
