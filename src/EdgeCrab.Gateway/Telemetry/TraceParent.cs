using System.Diagnostics;

namespace EdgeCrab.Gateway.Telemetry;

/// <summary>
/// Spans that outlive the message that started them. An actor handles one message per call, so a span begun in one
/// and ended in another must not stay <see cref="Activity.Current"/> in between (the next message on that thread would
/// nest under it). The parent travels between actors, and across nodes, as its W3C <c>traceparent</c> text.
/// </summary>
public static class TraceParent
{
    /// <summary>The span context <paramref name="parent"/> names; the default (a new root) when null or unreadable.</summary>
    public static ActivityContext Context(string? parent) =>
        parent is not null && ActivityContext.TryParse(parent, null, out var parsed) ? parsed : default;

    /// <summary>Starts a span under <paramref name="parent"/> (a root when null or unreadable) without making it current.</summary>
    public static Activity? StartDetached(string name, string? parent, ActivityKind kind = ActivityKind.Internal)
    {
        var previous = Activity.Current;
        var activity = GatewayTelemetry.Source.StartActivity(name, kind, Context(parent));
        Activity.Current = previous;
        return activity;
    }
}
