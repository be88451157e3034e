namespace EdgeCrab.DingTalk.Tests.Security;

/// <summary>A clock that says what the test tells it to.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public static FixedClock AtUnixMs(long ms) => new(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    public override DateTimeOffset GetUtcNow() => Now;
}
