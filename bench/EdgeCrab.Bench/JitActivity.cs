using System.Runtime;

namespace EdgeCrab.Bench;

/// <summary>
/// What the JIT compiled in this process over a stretch of a run, and a wait until it has gone quiet. A gateway that
/// has run for minutes has compiled its hot path at the top tier; a burst measured while the tiered JIT still promotes
/// methods pays for it (its background thread took a fifth of a burst's CPU samples: bench/README.md, issue 14, twelfth round).
/// </summary>
internal readonly record struct JitActivity(long Methods, TimeSpan Time)
{
    public static JitActivity Start() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public string Since() =>
        $"the JIT compiled {JitInfo.GetCompiledMethodCount() - Methods:N0} methods meanwhile ({(JitInfo.GetCompilationTime() - Time).TotalMilliseconds:0} ms)";

    /// <summary>
    /// Waits until the JIT has compiled fewer than <see cref="Trickle"/> methods in <see cref="QuietFor"/>, or
    /// <paramref name="atMost"/> has passed. Tiered compilation promotes a method after 30 calls on one background
    /// thread, which after a warm-up still has a queue of them (~1,000 a second here, for seconds): until it is
    /// through, much of the hot path runs at tier 0. An idle gateway's timers keep a trickle going.
    /// </summary>
    public static async Task WaitUntilQuietAsync(TimeSpan atMost)
    {
        var until = DateTime.UtcNow + atMost;
        while (DateTime.UtcNow < until)
        {
            var count = JitInfo.GetCompiledMethodCount();
            await Task.Delay(QuietFor);
            if (JitInfo.GetCompiledMethodCount() - count < Trickle) return;
        }
    }

    /// <summary>The stretch in which the JIT must compile next to nothing before a measured run starts.</summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);

    /// <summary>Methods compiled in the quiet stretch that still count as quiet.</summary>
    private const int Trickle = 10;
}
