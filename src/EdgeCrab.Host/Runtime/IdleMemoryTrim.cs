using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// Returns the collector's spare memory to the system once the gateway has gone quiet (<see cref="MemoryTrimPolicy"/>),
/// so a node that took a Monday-morning burst does not hold its peak for the rest of the week.
/// </summary>
internal sealed class IdleMemoryTrim(MemoryTrimPolicy policy, ILogger<IdleMemoryTrim> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.CheckEvery);
        var clock = Stopwatch.StartNew();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var last = GC.GetGCMemoryInfo(GCKind.Any);
                if (!policy.ShouldTrim(clock.Elapsed, GC.GetTotalAllocatedBytes(), last.TotalCommittedBytes, last.HeapSizeBytes)) continue;
                var took = Stopwatch.StartNew();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GC.GetGCMemoryInfo(GCKind.Any);
                log.LogInformation("Quiet for {Quiet}: returned {Returned:N0} MiB of the collector's spare memory in {Took:N0} ms ({Heap:N0} MiB heap)",
                    policy.QuietFor, (last.TotalCommittedBytes - after.TotalCommittedBytes) >> 20, took.Elapsed.TotalMilliseconds, after.HeapSizeBytes >> 20);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
