using EdgeCrab.Gateway.Connection;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Connection;

public sealed class ReconnectBackoffSpecs
{
    /// <summary>Akka's backoff: min(max, min·2ⁿ)·(1 + U·factor), as BackoffSupervisor computes it.</summary>
    private static TimeSpan AkkaDelay(ReconnectBackoff backoff, int restarts, double uniform)
    {
        var (min, max, factor) = backoff.AkkaParameters;
        return TimeSpan.FromTicks((long)(Math.Min(max.Ticks, min.Ticks * Math.Pow(2, restarts)) * (1 + uniform * factor)));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 2.0)]
    [InlineData(2, 4.0)]
    [InlineData(5, 32.0)]
    [InlineData(6, 60.0)]
    [InlineData(20, 60.0)]
    public void Akka_delays_should_be_one_second_doubling_capped_at_sixty_within_twenty_percent(int restarts, double centreSeconds)
    {
        var backoff = ReconnectBackoff.Default;
        var low = AkkaDelay(backoff, restarts, 0.0).TotalSeconds;
        var high = AkkaDelay(backoff, restarts, 1.0).TotalSeconds;
        Assert.Equal(centreSeconds * 0.8, low, 6);
        Assert.Equal(centreSeconds * 1.2, high, 6);
        Assert.Equal((backoff.Range(restarts).Low.TotalSeconds, backoff.Range(restarts).High.TotalSeconds), (low, high));
    }
}
