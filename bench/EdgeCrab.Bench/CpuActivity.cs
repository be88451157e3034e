using System.Diagnostics;

namespace EdgeCrab.Bench;

/// <summary>
/// How busy the machine's cores were over a stretch of a run, and how much of them this process and the emulator's
/// (when it runs in its own) took. A latency tail measured on a machine with no idle left is a queue's, whatever the
/// code under test does: the load generator shares the cores here, where DingTalk's servers would not.
/// </summary>
internal sealed class CpuActivity
{
    private readonly (long Busy, long Total)? _machine;
    private readonly TimeSpan _process;
    private readonly Process? _emulator;
    private readonly TimeSpan _emulatorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private CpuActivity(Process? emulator)
    {
        _machine = MachineTicks();
        _process = Process.GetCurrentProcess().TotalProcessorTime;
        _emulator = emulator;
        _emulatorTime = EmulatorTime();
    }

    /// <param name="emulator">The emulator's own process, if it runs in one.</param>
    public static CpuActivity Start(Process? emulator = null) => new(emulator);

    public string Since()
    {
        var seconds = _wall.Elapsed.TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalSeconds / seconds;
        var emulator = _emulator is null ? "" : $", the emulator's process {(EmulatorTime() - _emulatorTime).TotalSeconds / seconds:0.00}";
        var machine = _machine is { } before && MachineTicks() is { } after && after.Total > before.Total
            ? $"the machine's {Environment.ProcessorCount} cores {100.0 * (after.Busy - before.Busy) / (after.Total - before.Total):0} % busy; "
            : "";
        return $"{machine}cores used: this process {process:0.00}{emulator}";
    }

    private TimeSpan EmulatorTime()
    {
        try
        {
            _emulator?.Refresh();
            return _emulator is { HasExited: false } ? _emulator.TotalProcessorTime : TimeSpan.Zero;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>All cores' busy and total ticks from <c>/proc/stat</c> (Linux only; null elsewhere). Idle and I/O wait are not busy.</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        if (!File.Exists("/proc/stat")) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }
}
