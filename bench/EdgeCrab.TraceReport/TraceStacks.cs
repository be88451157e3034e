using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
// Imported by alias: the Analysis namespace has a TraceLog of its own.
using Runtimes = Microsoft.Diagnostics.Tracing.Analysis.TraceLoadedDotNetRuntimeExtensions;
using Processes = Microsoft.Diagnostics.Tracing.Analysis.TraceProcessesExtensions;
using TraceGC = Microsoft.Diagnostics.Tracing.Analysis.GC.TraceGC;

namespace EdgeCrab.TraceReport;

/// <summary>A .nettrace file opened with TraceEvent, as the stacks of its thread samples and allocation samples, and its collections.</summary>
internal sealed class TraceStacks : IDisposable
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";
    private readonly TraceLog _log;

    private TraceStacks(TraceLog log) => _log = log;

    public static TraceStacks Open(string nettrace) => new(new TraceLog(TraceLog.CreateFromEventPipeDataFile(nettrace)));

    /// <summary>Each thread sample's stack, innermost frame first.</summary>
    public IEnumerable<IReadOnlyList<string>> ThreadSamples() =>
        _log.Events.Where(e => e.ProviderName == SampleProfiler).Select(Frames).Where(frames => frames.Count > 0);

    /// <summary>Each allocation sample (the runtime's ~100 KB ticks): its type, bytes and stack, innermost frame first.</summary>
    /// <param name="largeOnly">Only the large-object heap's (objects of 85,000 bytes or more), whose budget starts gen2 collections.</param>
    public IEnumerable<(string Type, long Bytes, IReadOnlyList<string> Frames)> AllocationSamples(bool largeOnly = false) =>
        // TraceEvent reuses one event object as it reads on: each sample is read out before the next.
        _log.Events.OfType<GCAllocationTickTraceData>().Select(a => (a.TypeName, a.AllocationAmount64, Frames(a), Large: a.AllocationKind == GCAllocationKind.Large))
            .Where(a => !largeOnly || a.Large).Select(a => (a.TypeName, a.AllocationAmount64, a.Item3));

    /// <summary>Each garbage collection of the traced process, with its pause split by TraceEvent's GC analysis.</summary>
    public IEnumerable<TraceGC> Collections()
    {
        var source = _log.Events.GetSource();
        Runtimes.NeedLoadedDotNetRuntimes(source);
        source.Process();
        return Processes.Processes(source)
            .SelectMany(p => Runtimes.LoadedDotNetRuntime(p)?.GC.GCs ?? []);
    }

    private static IReadOnlyList<string> Frames(TraceEvent e)
    {
        var frames = new List<string>();
        for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
            frames.Add(frame.CodeAddress.FullMethodName is { Length: > 0 } name ? name : frame.CodeAddress.ModuleName + "!?");
        return frames;
    }

    public void Dispose() => _log.Dispose();
}
