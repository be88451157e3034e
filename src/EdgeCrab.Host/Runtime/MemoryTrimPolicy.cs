namespace EdgeCrab.Host.Runtime;

/// <summary>
/// When a quiet gateway should give the collector's spare memory back to the system: once the process has allocated
/// less than <see cref="QuietBytesPerCheck"/> between checks for <see cref="QuietFor"/>, and the heap has at least
/// <see cref="WorthReturning"/> more committed than it uses. Pure: fed samples, it answers yes or no.
/// </summary>
/// <remarks>
/// After a burst the collector keeps the memory its gen0 budget grew into and the regions a compaction emptied: with
/// workstation GC without background collection (the gateway's setting until issue 14's eighth round), 20,000 idle
/// conversations held 234 MiB committed for a 95 MiB heap. An aggressive collection returns it; it is a full blocking
/// compaction, so it runs only when nothing is happening, and after it the committed memory is the heap, so it runs
/// again only once allocation has grown it back.
/// </remarks>
internal sealed class MemoryTrimPolicy(TimeSpan quietFor, long quietBytesPerCheck, long worthReturning)
{
    /// <summary>
    /// The gateway's: a minute under ~100 KiB a second (two or three messages), and 32 MiB to gain. With 64 MiB a
    /// collector that had kept 50-60 MiB beyond the heap was left with it (a 20,000-conversation run: 277 MiB of
    /// working set against 225 in the runs where it trimmed).
    /// </summary>
    public static MemoryTrimPolicy Default => new(TimeSpan.FromMinutes(1), 1 << 20, 32L << 20);

    /// <summary>How often the gateway samples: a sixth of the quiet time, so a trim comes at most that late.</summary>
    public TimeSpan CheckEvery => QuietFor / 6;

    public TimeSpan QuietFor { get; } = quietFor;

    public long QuietBytesPerCheck { get; } = quietBytesPerCheck;

    public long WorthReturning { get; } = worthReturning;

    private long? _lastAllocated;
    private TimeSpan _quietSince;

    /// <param name="now">Time since any fixed start (monotonic).</param>
    /// <param name="allocated">Bytes the process has allocated in all (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    /// <param name="committed">Bytes the collector has committed, as of its last collection.</param>
    /// <param name="heapSize">Bytes the heap held after its last collection.</param>
    public bool ShouldTrim(TimeSpan now, long allocated, long committed, long heapSize)
    {
        if (_lastAllocated is not { } last || allocated - last > QuietBytesPerCheck) _quietSince = now;
        _lastAllocated = allocated;
        return now - _quietSince >= QuietFor && IsWorthReturning(committed, heapSize);
    }

    /// <summary>Whether the collector holds enough beyond its heap to pay for a full compaction.</summary>
    public bool IsWorthReturning(long committed, long heapSize) => committed - heapSize >= WorthReturning;
}
