// Reads a dotnet-trace .nettrace file and prints where the time or the allocations went, by stack: what the
// profiles in bench/README.md were read with. dotnet-trace's own "report topN" counts every sampled thread, waiting
// ones included, and has no callers or allocation views.
//
//   dotnet run -c Release --project bench/EdgeCrab.TraceReport -- <trace.nettrace> <view> [arguments]
//     callers <method text> [frames]      stacks through a method, most sampled first (thread-time traces)
//     leaves <method text> [frames]       what the samples through a method were doing: their innermost frames
//     busy [n]                            methods on samples not parked in a wait, exclusive and inclusive
//     alloc-sites [n] [frame text]        bytes by the nearest frame containing the text (default EdgeCrab), with the type
//     alloc-large [n] [frame text]        the same over large-object allocations only (what starts a gen2 "large allocations")
//     alloc-frames [n] [frame text]       bytes by every frame on the allocation's stack (an allocation call tree, flattened)
//     alloc-callers <method text> [frames]  bytes allocated through a method, by the frames above it (who asked)
//     gc                                  each collection: generation, reason, pause (of it: suspending the threads), promoted (GC-event traces)
using EdgeCrab.TraceReport;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: EdgeCrab.TraceReport <trace.nettrace> <callers|leaves|busy|alloc-sites|alloc-large|alloc-frames|alloc-callers|gc> [arguments]");
    return 2;
}
using var trace = TraceStacks.Open(args[0]);
string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
int Count(int i, int fallback) => args.Length > i && int.TryParse(args[i], out var n) ? n : fallback;
switch (args[1])
{
    case "callers":
        Reports.Callers(trace, Arg(2, ""), Count(3, 8));
        return 0;
    case "leaves":
        Reports.Leaves(trace, Arg(2, ""), Count(3, 3));
        return 0;
    case "busy":
        Reports.Busy(trace, Count(2, 40));
        return 0;
    case "alloc-sites":
        Reports.AllocationSites(trace, Count(2, 40), Arg(3, "EdgeCrab"));
        return 0;
    case "alloc-large":
        Reports.AllocationSites(trace, Count(2, 40), Arg(3, ""), largeOnly: true);
        return 0;
    case "alloc-frames":
        Reports.AllocationFrames(trace, Count(2, 40), Arg(3, ""));
        return 0;
    case "alloc-callers":
        Reports.AllocationCallers(trace, Arg(2, ""), Count(3, 4));
        return 0;
    case "gc":
        Reports.Collections(trace);
        return 0;
    default:
        Console.Error.WriteLine($"unknown view '{args[1]}'");
        return 2;
}
