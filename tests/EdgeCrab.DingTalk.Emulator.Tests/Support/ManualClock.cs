namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>A clock that stands still until the test moves it, for what the emulator counts per second.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
