namespace EdgeCrab.Bench;

/// <summary>
/// What the garbage collector did in this process over a stretch of a run: collections by generation, the time it
/// held every thread, and the heap at the end. The gateway and the bench share the process (and the emulator, unless it
/// runs in its own: <see cref="EmulatorProcess"/>); it says whether a latency tail could be the collector's.
/// </summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcActivity Start() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return $"GC meanwhile: {GC.CollectionCount(0) - Gen0} gen0 / {GC.CollectionCount(1) - Gen1} gen1 / {GC.CollectionCount(2) - Gen2} gen2, "
            + $"paused {(GC.GetTotalPauseDuration() - Paused).TotalMilliseconds:0} ms in all, longest recent pause {info.PauseDurations[0].TotalMilliseconds:0.0} ms, heap {info.HeapSizeBytes / (1 << 20)} MiB";
    }
}
