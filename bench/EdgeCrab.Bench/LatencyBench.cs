using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EdgeCrab.Bench;

/// <summary>
/// Latency at a steady rate: ack latency (callback pushed → ack read by the emulator) at half the gateway's maximum
/// ingest rate, and callback → first reply (offline agent, through the session webhook) at a rate the reply path can
/// sustain: replies leave at DingTalk's per-app pace (20/s, <c>SendPace</c>), so above it the reply backlog, and with
/// it the reply latency, grows without bound however fast the gateway is.
/// </summary>
internal static partial class LatencyBench
{
    private const int Conversations = 100;
    private const int ReplyRate = 10; // half the 20/s reply pace
    private const int MostMessagesALoad = 100_000; // what `POST /_emulator/load` takes

    public static async Task RunAsync(Report report, bool quick, IReadOnlyList<IngestBench.Outcome>? ingest, int? fixedRate = null)
    {
        var duration = TimeSpan.FromSeconds(quick ? 5 : 10);
        if (fixedRate is { } given)
        {
            await AckLatencyAsync(report, given, duration, "the rate given");
            return;
        }
        var complete = ingest?.Where(o => o.Complete).ToList() ?? [];
        var max = complete.Select(o => o.AcksPerSecond).DefaultIfEmpty(0).Max();
        var source = "the ingest run above";
        if (max <= 0)
        {
            var calibration = await IngestBench.RunOneAsync(new Report(), new IngestBench.Scenario(Conversations, quick ? 2_000 : 5_000), withRawSqlite: false);
            max = calibration.AcksPerSecond;
            source = $"a calibration burst ({Format.Rate(max)})";
        }
        var rate = Math.Max(1, (int)(max / 2));
        await AckLatencyAsync(report, rate, duration, $"half the max ingest of {source}");
        // The best burst is usually the one into a single conversation, whose actor writes a whole queue in one batch;
        // the paced run spreads over 100, so half of the burst of that shape is measured too (since 2026-12-01).
        if (complete.FirstOrDefault(o => o.Scenario.Conversations == Conversations) is { } sameShape && sameShape.AcksPerSecond < max * 0.95)
            await AckLatencyAsync(report, Math.Max(1, (int)(sameShape.AcksPerSecond / 2)), duration, $"half the ingest into {Conversations} conversations above, the paced run's own shape");
        await ReplyLatencyAsync(report, quick ? 50 : 150);
    }

    private static async Task AckLatencyAsync(Report report, int rate, TimeSpan duration, string why)
    {
        // Above 10,000/s ten seconds would be more than the emulator takes in one load: the run is shortened instead
        // (the note gives its length), which a quiet hour's maximum reached on 2026-12-01.
        var messages = (int)Math.Min(rate * duration.TotalSeconds, MostMessagesALoad);
        duration = TimeSpan.FromSeconds((double)messages / rate);
        // The same paced run first, on a rig of its own and unreported: seconds into the process the tiered JIT is
        // still recompiling the hot path (~15 % of the gateway's CPU in the paced run, by perf), which a gateway that
        // has run for minutes no longer pays. A fresh rig, so no backlog carries over; the JIT's work does.
        await using (var warm = await GatewayRig.StartAsync(separateEmulator: true))
        {
            await IngestBench.WarmUpAsync(warm.Control);
            // Twice, the JIT let go quiet after each (its background thread promotes a run's code for seconds after
            // it). The bench's own listeners run too, so their code is compiled before the measured run as well.
            for (var round = 0; round < 2; round++)
            {
                using var warmTriggers = new GcTriggers();
                using var warmSpans = new AckSpans(messages);
                await PacedRunAsync(warm.Control, messages, rate, duration, "warm");
                warmSpans.Breakdown();
                warmTriggers.Stop(messages);
                await JitActivity.WaitUntilQuietAsync(TimeSpan.FromSeconds(20));
            }
        }
        // The emulator in its own process: what the collector does here is then the gateway's alone.
        await using var rig = await GatewayRig.StartAsync(separateEmulator: true);
        await IngestBench.WarmUpAsync(rig.Control);
        await JitActivity.WaitUntilQuietAsync(TimeSpan.FromSeconds(10));
        var jit = JitActivity.Start();
        using var triggers = new GcTriggers();
        using var spans = new AckSpans(messages);
        var gc = GcActivity.Start();
        var cpu = CpuActivity.Start(rig.EmulatorOsProcess);
        var (load, elapsed, complete) = await PacedRunAsync(rig.Control, messages, rate, duration, "latency");
        var cores = cpu.Since();
        // All read before the breakdown below, whose own code the JIT compiles and whose large arrays (tens of MB for
        // 45,000 callbacks) start a gen2 of their own once the run is over: counted here until the thirteenth round.
        var jitted = jit.Since();
        var collected = gc.Since();
        var startedBy = triggers.Stop(messages);
        report.Add("latency", $"ack p50 / p95 / p99 at {Format.Rate(rate)}",
            $"{Format.Ms(load.AckP50Ms)} / {Format.Ms(load.AckP95Ms)} / {Format.Ms(load.AckP99Ms)}",
            $"{why}; {Format.Count(load.Acked)}/{Format.Count(messages)} acked{(complete ? "" : " — INCOMPLETE")}, {Conversations} conversations, {elapsed.TotalSeconds:0.0} s, "
            + $"emulator in its own process; inside the gateway: {spans.Breakdown()}; {collected}; {jitted}; {cores}; collections started by: {startedBy}");
    }

    /// <summary>The emulator pushes <paramref name="messages"/> over the conversations at <paramref name="rate"/> a second; waits for their acks.</summary>
    private static async Task<(EmulatorClient.LoadReport Load, TimeSpan Elapsed, bool Complete)> PacedRunAsync(EmulatorClient control, int messages, int rate, TimeSpan duration, string label)
    {
        var watch = Stopwatch.StartNew();
        await control.StartLoadAsync(messages, Conversations, label, rate);
        return await control.WaitForAcksAsync(messages, watch, duration + IngestBench.Deadline, TimeSpan.FromMilliseconds(100));
    }

    private static async Task ReplyLatencyAsync(Report report, int messages)
    {
        await using var rig = await GatewayRig.StartAsync();
        const int warmUp = 40;
        await IngestBench.WarmUpAsync(rig.Control, warmUp);
        // The warm-up's own replies leave at the reply pace too: let them drain so they do not queue ahead of ours.
        var drain = Stopwatch.StartNew();
        while ((await rig.Control.LoadAsync()).Answered < warmUp && drain.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200);

        var watch = Stopwatch.StartNew();
        var run = await rig.Control.StartLoadAsync(messages, Conversations, "latency", ReplyRate);
        EmulatorClient.LoadReport load;
        while ((load = await rig.Control.LoadAsync()).Answered < messages && watch.Elapsed < TimeSpan.FromSeconds(messages / (double)ReplyRate + 60))
            await Task.Delay(200);

        var latencies = new List<double>();
        for (var i = 1; i <= Math.Min(messages, Conversations); i++)
        {
            var log = await rig.Control.MessagesAsync($"cidLoad{run}x{i}");
            var asked = log.Where(m => m.From == "user").Select(m => (Number: Number(m.Text), m.At)).Where(p => p.Number > 0).ToDictionary(p => p.Number, p => p.At);
            foreach (var reply in log.Where(m => m.From == "robot").GroupBy(m => Number(m.Text)).Where(g => asked.ContainsKey(g.Key)))
                latencies.Add((reply.Min(r => r.At) - asked[reply.Key]).TotalMilliseconds);
        }
        latencies.Sort();
        report.Add("latency", $"callback → first reply p50 / p95 / p99 at {Format.Rate(ReplyRate)}",
            $"{Format.Ms(Percentile(latencies, 0.50))} / {Format.Ms(Percentile(latencies, 0.95))} / {Format.Ms(Percentile(latencies, 0.99))}",
            $"offline agent (3 pieces × 20 ms) and the session webhook; {latencies.Count}/{messages} replies matched; above 20/s replies queue behind DingTalk's per-app pace, so this is measured below it");
    }

    private static int Number(string text)
    {
        var match = NumberPattern().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex(@"latency #(\d+)")]
    private static partial Regex NumberPattern();
}
