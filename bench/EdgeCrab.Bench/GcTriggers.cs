using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EdgeCrab.Bench;

/// <summary>
/// Why the garbage collector ran in this process while listening: each collection's generation and the runtime's
/// reason for it (its GCStart event), so a run shows whether its full collections came from the large object heap.
/// </summary>
internal sealed class GcTriggers : EventListener
{
    // The runtime's GC reason codes (GCStart's Reason field), in its own order.
    private static readonly string[] Reasons = ["small allocations", "induced", "low memory", "empty", "large allocations",
        "out of space (SOH)", "out of space (LOH)", "induced, not forced", "internal", "induced, low memory", "induced, compacting",
        "low memory (host)", "PM full", "low memory (host, blocking)"];

    private readonly ConcurrentDictionary<(int Generation, string Reason), int> _starts = new();
    private volatile bool _listening = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // The GC keyword at Informational is enough for GCStart, and cheap.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_listening || !(e.EventName?.StartsWith("GCStart", StringComparison.Ordinal) ?? false) || e.Payload is null || e.PayloadNames is null) return;
        var generation = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("Depth")]);
        var code = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("Reason")]);
        _starts.AddOrUpdate((generation, code >= 0 && code < Reasons.Length ? Reasons[code] : $"reason {code}"), 1, (_, n) => n + 1);
    }

    /// <summary>Stops counting and says what it counted: <c>gen0 × 9 (small allocations), gen2 × 3 (large allocations)</c>.</summary>
    public string Stop()
    {
        _listening = false;
        return _starts.IsEmpty ? "none" : string.Join(", ", _starts.OrderBy(s => s.Key.Generation).ThenByDescending(s => s.Value)
            .Select(s => $"gen{s.Key.Generation} × {s.Value} ({s.Key.Reason})"));
    }
}
