using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EdgeCrab.Bench;

/// <summary>
/// Why the garbage collector ran in this process while listening: each collection's generation and the runtime's
/// reason for it (its GCStart event), so a run shows whether its full collections came from the large object heap; and
/// what was allocated, by type, from the runtime's allocation samples (one about every 100 KB).
/// </summary>
internal sealed class GcTriggers : EventListener
{
    // The runtime's GC reason codes (GCStart's Reason field), in its own order.
    private static readonly string[] Reasons = ["small allocations", "induced", "low memory", "empty", "large allocations",
        "out of space (SOH)", "out of space (LOH)", "induced, not forced", "internal", "induced, low memory", "induced, compacting",
        "low memory (host)", "PM full", "low memory (host, blocking)"];

    private readonly ConcurrentDictionary<(int Generation, string Reason), int> _starts = new();
    private readonly ConcurrentDictionary<string, long> _allocatedByType = new();
    private volatile bool _listening = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // The GC keyword; Verbose adds the allocation samples.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_listening || e.Payload is null || e.PayloadNames is null) return;
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) ?? false)
        {
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
            _allocatedByType.AddOrUpdate(e.Payload[e.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?", amount, (_, sum) => sum + amount);
            return;
        }
        if (!(e.EventName?.StartsWith("GCStart", StringComparison.Ordinal) ?? false)) return;
        var generation = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("Depth")]);
        var code = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("Reason")]);
        _starts.AddOrUpdate((generation, code >= 0 && code < Reasons.Length ? Reasons[code] : $"reason {code}"), 1, (_, n) => n + 1);
    }

    /// <summary>
    /// Stops counting and says what it counted: <c>gen0 × 9 (small allocations), gen2 × 3 (large allocations); allocated
    /// 49.5 KB a message, most as String 8.7 KB, …</c>.
    /// </summary>
    public string Stop(int messages)
    {
        _listening = false;
        var allocated = _allocatedByType.Values.Sum();
        var top = _allocatedByType.OrderByDescending(t => t.Value).Take(5).Select(t => $"{ShortName(t.Key)} {Format.KiB(t.Value / Math.Max(1, messages))}");
        return Starts() + $"; allocated {Format.KiB(allocated / Math.Max(1, messages))} a message, most as {string.Join(", ", top)}";
    }

    // "System.Byte[]" as "Byte[]"; a generic's arguments left out ("Node[System.Int64]" as "Node").
    private static string ShortName(string type)
    {
        var name = type.Split('`')[0];
        if (name.Contains('[') && !name.EndsWith("[]", StringComparison.Ordinal)) name = name[..name.IndexOf('[')];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    private string Starts()
    {
        return _starts.IsEmpty ? "none" : string.Join(", ", _starts.OrderBy(s => s.Key.Generation).ThenByDescending(s => s.Value)
            .Select(s => $"gen{s.Key.Generation} × {s.Value} ({s.Key.Reason})"));
    }
}
