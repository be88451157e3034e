namespace EdgeCrab.TraceReport;

/// <summary>The views the tool prints: counts by stack, method or allocation site, largest first.</summary>
internal static class Reports
{
    // Leaf frames of a thread that is parked rather than running: left out of the busy view.
    private static readonly string[] Waits =
        ["Monitor.Wait", "Thread.Sleep", "WaitNative", "WaitOneNoCheck", "Sys.Read", "LowLevelSpinWaiter", "PollGC", "SpinWait", "Semaphore", "!?"];

    // Async plumbing says nothing about who did the work.
    private static bool IsPlumbing(string frame) => frame.Contains("AsyncStateMachineBox") || frame.Contains("AsyncMethodBuilder")
        || frame.Contains("ExecutionContext.Run") || frame.Contains("System.Threading.Tasks.");

    public static void Callers(TraceStacks trace, string method, int depth)
    {
        var stacks = new Dictionary<string, int>();
        var total = 0;
        foreach (var frames in trace.ThreadSamples())
        {
            var at = frames.ToList().FindIndex(f => f.Contains(method, StringComparison.Ordinal));
            if (at < 0) continue;
            total++;
            var key = string.Join("\n    <- ", frames.Skip(at).Where(f => !IsPlumbing(f)).Take(depth));
            stacks[key] = stacks.GetValueOrDefault(key) + 1;
        }
        Console.WriteLine($"{total} thread samples through '{method}'");
        foreach (var (stack, count) in stacks.OrderByDescending(p => p.Value).Take(12)) Console.WriteLine($"{count,7}  {stack}\n");
    }

    /// <summary>What the samples through a method were doing: their innermost frames, waits included (a wait's frame says on what).</summary>
    public static void Leaves(TraceStacks trace, string method, int depth)
    {
        var leaves = new Dictionary<string, int>();
        var total = 0;
        foreach (var frames in trace.ThreadSamples())
        {
            if (!frames.Any(f => f.Contains(method, StringComparison.Ordinal))) continue;
            total++;
            var key = string.Join(" <- ", frames.Where(f => !IsPlumbing(f)).Take(depth).Select(f => f.Split('(')[0]));
            leaves[key] = leaves.GetValueOrDefault(key) + 1;
        }
        Print($"thread samples through '{method}', by their innermost frames", leaves, total, 20);
    }

    public static void Busy(TraceStacks trace, int top)
    {
        var exclusive = new Dictionary<string, int>();
        var inclusive = new Dictionary<string, int>();
        var total = 0;
        foreach (var frames in trace.ThreadSamples())
        {
            if (Waits.Any(wait => frames[0].Contains(wait, StringComparison.Ordinal))) continue;
            total++;
            exclusive[frames[0]] = exclusive.GetValueOrDefault(frames[0]) + 1;
            foreach (var frame in frames.Distinct()) inclusive[frame] = inclusive.GetValueOrDefault(frame) + 1;
        }
        Console.WriteLine($"{total} thread samples not parked in a wait (native frames without symbols are counted as waits)");
        Print("exclusive", exclusive, total, top);
        Print("inclusive", inclusive, total, top);
    }

    public static void AllocationSites(TraceStacks trace, int top, string frameText, bool largeOnly = false)
    {
        var bytes = new Dictionary<string, long>();
        long total = 0;
        foreach (var (type, size, frames) in trace.AllocationSamples(largeOnly))
        {
            total += size;
            var site = frames.FirstOrDefault(f => f.Contains(frameText, StringComparison.Ordinal) && !IsPlumbing(f)) ?? "(no such frame)";
            var key = $"{site}  [{type}]";
            bytes[key] = bytes.GetValueOrDefault(key) + size;
        }
        Print($"{(largeOnly ? "large-object " : "")}allocated bytes by the nearest frame containing '{frameText}'", bytes, total, top);
    }

    public static void AllocationFrames(TraceStacks trace, int top, string frameText)
    {
        var bytes = new Dictionary<string, long>();
        long total = 0;
        foreach (var (_, size, frames) in trace.AllocationSamples())
        {
            total += size;
            foreach (var frame in frames.Distinct().Where(f => f.Contains(frameText, StringComparison.Ordinal) && !IsPlumbing(f)))
                bytes[frame] = bytes.GetValueOrDefault(frame) + size;
        }
        Print($"allocated bytes under each frame{(frameText.Length > 0 ? $" containing '{frameText}'" : "")}", bytes, total, top);
    }

    /// <summary>Allocated bytes whose stack passes through <paramref name="method"/>, by the frames above it: who asked it to allocate.</summary>
    public static void AllocationCallers(TraceStacks trace, string method, int depth)
    {
        var bytes = new Dictionary<string, long>();
        long total = 0;
        foreach (var (type, size, frames) in trace.AllocationSamples())
        {
            total += size;
            var at = frames.ToList().FindIndex(f => f.Contains(method, StringComparison.Ordinal));
            if (at < 0) continue;
            var key = $"[{type}] " + string.Join(" <- ", frames.Skip(at).Where(f => !IsPlumbing(f)).Take(depth).Select(f => f.Split('(')[0]));
            bytes[key] = bytes.GetValueOrDefault(key) + size;
        }
        Print($"allocated bytes through '{method}', by its callers", bytes, total, 20);
    }

    private static void Print<TCount>(string title, Dictionary<string, TCount> counts, double total, int top) where TCount : IConvertible
    {
        Console.WriteLine($"-- {title} (of {total:N0})");
        foreach (var (key, count) in counts.OrderByDescending(p => p.Value.ToDouble(null)).Take(top))
            Console.WriteLine($"{100 * count.ToDouble(null) / total,6:F1} %  {(key.Length > 180 ? key[..180] + "…" : key)}");
    }

    public static void Collections(TraceStacks trace)
    {
        Console.WriteLine("   start s  gen  type                 reason                pause ms  suspend ms  promoted MB  heaps");
        var all = trace.Collections().ToList();
        foreach (var gc in all)
            Console.WriteLine($"{gc.StartRelativeMSec / 1000,10:F2}  {gc.Generation,3}  {gc.Type,-19}  {gc.Reason,-20}  {gc.PauseDurationMSec,8:F1}  {gc.SuspendDurationMSec,10:F1}  {gc.PromotedMB,11:F1}  {gc.HeapCount,5}");
        Console.WriteLine($"{all.Count} collections, paused {all.Sum(gc => gc.PauseDurationMSec):F0} ms in all, of it suspending {all.Sum(gc => gc.SuspendDurationMSec):F0} ms");
    }
}
