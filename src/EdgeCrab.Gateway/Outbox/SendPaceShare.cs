namespace EdgeCrab.Gateway.Outbox;

/// <summary>One node's share of the app's send budget: the budget split evenly among the nodes that send.</summary>
public static class SendPaceShare
{
    /// <summary>Sends a second for one node of <paramref name="nodes"/> (fewer than one node counts as one).</summary>
    public static double PerSecond(int appPerSecond, int nodes) => appPerSecond / (double)Math.Max(1, nodes);

    /// <summary>The spacing between one node's sends: 1 / its share, so the nodes together stay at the app's budget.</summary>
    public static TimeSpan Interval(int appPerSecond, int nodes) =>
        TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond * (double)Math.Max(1, nodes) / appPerSecond));
}
