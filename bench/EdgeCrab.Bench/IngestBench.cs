using System.Diagnostics;

namespace EdgeCrab.Bench;

/// <summary>
/// Ingest: robot callbacks pushed by the emulator over the real websocket and acked by the gateway once the session
/// persisted them, per second, for 1, 100 and 10,000 conversations; then the same rows written straight into SQLite.
/// </summary>
internal static class IngestBench
{
    public sealed record Scenario(int Conversations, int Messages);

    public sealed record Outcome(Scenario Scenario, double AcksPerSecond, bool Complete);

    public static IReadOnlyList<Scenario> Scenarios(bool quick) => quick
        ? [new(1, 1_000), new(100, 2_000), new(10_000, 10_000)]
        : [new(1, 4_000), new(100, 10_000), new(10_000, 20_000)];

    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<Outcome>> RunAsync(Report report, bool quick, bool withRawSqlite = true)
    {
        var outcomes = new List<Outcome>();
        foreach (var scenario in Scenarios(quick))
            outcomes.Add(await RunOneAsync(report, scenario, withRawSqlite));
        await RowsPerAnswerAsync(report);
        return outcomes;
    }

    /// <summary>
    /// Journal rows written per answered message: 100 messages into 100 new conversations, counted once every one is
    /// answered and the journal has stopped growing (the delivered records come after the answer). Small on purpose:
    /// replies leave at DingTalk's 20 a second.
    /// </summary>
    public static async Task RowsPerAnswerAsync(Report report, int messages = 100)
    {
        await using var rig = await GatewayRig.StartAsync();
        var before = JournalFile.LastOrdering(rig.SqlitePath);
        var watch = Stopwatch.StartNew();
        await rig.Control.StartLoadAsync(messages, messages, "rows per answer");
        EmulatorClient.LoadReport load;
        while ((load = await rig.Control.LoadAsync()).Answered < messages && watch.Elapsed < Deadline) await Task.Delay(100);
        // Settled: no new row for a whole second.
        for (long rows = -1, now; (now = JournalFile.RowsSince(rig.SqlitePath, before)) != rows && watch.Elapsed < Deadline; rows = now)
            await Task.Delay(1000);
        var byManifest = JournalFile.RowsByManifestSince(rig.SqlitePath, before);
        var total = byManifest.Sum(m => m.Rows);
        report.Add("rows", "journal rows per answered message", $"{(double)total / Math.Max(1, load.Answered):0.00}",
            $"{Format.Count(load.Answered)}/{Format.Count(messages)} answered, one message each into new conversations; "
            + string.Join(", ", byManifest.Select(m => $"{m.Manifest} {(double)m.Rows / Math.Max(1, load.Answered):0.##}")));
    }

    public static async Task<Outcome> RunOneAsync(Report report, Scenario scenario, bool withRawSqlite)
    {
        var section = $"ingest {Format.Count(scenario.Conversations)} conv";
        await WarmUpProcessAsync();
        await using var rig = await GatewayRig.StartAsync();
        await WarmUpAsync(rig.Control);
        await JitActivity.WaitUntilQuietAsync(TimeSpan.FromSeconds(10));
        if (Environment.GetEnvironmentVariable("EDGECRAB_BENCH_KEEP") == "1") Console.Error.WriteLine("journal: " + rig.SqlitePath);
        var (rate, meanPayload, complete) = await BurstAsync(report, section, "gateway acks (SQLite)", rig.Control, () => rig.Warnings, scenario,
            () => JournalFile.LastOrdering(rig.SqlitePath),
            since => JournalFile.RowsSince(rig.SqlitePath, since),
            prefix => JournalFile.MessagesReceived(rig.SqlitePath, prefix));

        if (withRawSqlite)
        {
            var schema = JournalFile.Schema(rig.SqlitePath);
            var raw = RawSqlite.Run(schema, scenario.Messages, scenario.Conversations, (int)Math.Round(meanPayload));
            report.Add(section, "raw SQLite, commit per row", Format.Rate(raw.PerRowPerSecond),
                $"gateway = {Format.Percent(rate / raw.PerRowPerSecond)}; {Format.Count(scenario.Messages)} rows of {meanPayload:0} B into the journal's table, {raw.Pragmas}");
            report.Add(section, $"raw SQLite, {RawSqlite.BatchSize} rows/commit", Format.Rate(raw.BatchedPerSecond),
                $"gateway = {Format.Percent(rate / raw.BatchedPerSecond)}");
        }
        return new Outcome(scenario, rate, complete);
    }

    /// <summary>
    /// The same scenarios on a single node whose journal is PostgreSQL (a fresh database each, on the server that
    /// <see cref="PostgresJournal.Variable"/> names); skipped, saying so, when it names none.
    /// </summary>
    public static async Task RunPostgresAsync(Report report, bool quick)
    {
        if (Environment.GetEnvironmentVariable(PostgresJournal.Variable) is not { Length: > 0 } server)
        {
            report.Add("ingest PostgreSQL", "skipped", "-", $"set {PostgresJournal.Variable} to a PostgreSQL server's connection string (tests/postgres/start.sh prints one)");
            return;
        }
        foreach (var scenario in Scenarios(quick))
        {
            await using var database = await PostgresJournal.CreateAsync(server);
            await using var rig = await GatewayRig.StartAsync(configure: s => s with { Postgres = database.ConnectionString });
            await WarmUpAsync(rig.Control);
            await BurstAsync(report, $"ingest {Format.Count(scenario.Conversations)} conv", "gateway acks (PostgreSQL)", rig.Control, () => rig.Warnings, scenario,
                database.LastOrdering, database.RowsSince, database.MessagesReceived);
        }
        foreach (var scenario in Scenarios(quick))
        {
            await using var database = await PostgresJournal.CreateAsync(server);
            await using var cluster = await ClusterRig.StartAsync(ClusterNodes, database.ConnectionString);
            // A cluster that has run a while has placed every shard: the warm-up reaches all of them (1,000
            // conversations over 100 shards), so the burst measures sessions, not the coordinator placing shards.
            await WarmUpAsync(cluster.Control, messages: 1_000, conversations: 1_000);
            var newBefore = cluster.Nodes.Sum(n => n.Census.NewStarts);
            var section = $"ingest {Format.Count(scenario.Conversations)} conv";
            await BurstAsync(report, section, $"{ClusterNodes}-node cluster acks (PostgreSQL)", cluster.Control, () => cluster.Warnings,
                scenario, database.LastOrdering, database.RowsSince, database.MessagesReceived);
            report.Add(section, "  sessions started as new", Format.Count(cluster.Nodes.Sum(n => n.Census.NewStarts) - newBefore),
                $"without recovery's reads (the census); loads of the journal's ids per node: {string.Join(" / ", cluster.Nodes.Select(n => n.Census.Loads))}");
        }
    }

    /// <summary>The cluster the PostgreSQL scenarios run on too, after a single node: three, as a production cluster starts.</summary>
    private const int ClusterNodes = 3;

    /// <summary>One burst of the scenario, acked and checked against the journal (read through the given queries).</summary>
    private static async Task<(double Rate, double MeanPayload, bool Complete)> BurstAsync(Report report, string section, string figure,
        EmulatorClient control, Func<string[]> warnings, Scenario scenario,
        Func<long> lastOrdering, Func<long, long> rowsSince, Func<string, (long Rows, double MeanPayloadBytes)> messagesReceived)
    {
        var before = lastOrdering();
        var (allocatedBefore, gen0Before, gen2Before) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2));
        var jit = JitActivity.Start();
        var cpu = CpuActivity.Start();
        var watch = Stopwatch.StartNew();
        var run = await control.StartLoadAsync(scenario.Messages, scenario.Conversations);
        var (load, elapsed, complete) = await control.WaitForAcksAsync(scenario.Messages, watch, Deadline);
        var cores = cpu.Since();
        // The whole process's: the gateway's and the emulator's (and the bench's polling), as both share its heap.
        var memory = $"the process allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / Math.Max(1, load.Acked):0.0} KiB an ack, "
            + $"{GC.CollectionCount(0) - gen0Before} collections ({GC.CollectionCount(2) - gen2Before} full), {jit.Since()}; {cores}";
        var rate = load.Acked / elapsed.TotalSeconds;
        var (persisted, meanPayload) = messagesReceived($"cidLoad{run}x");
        var rows = rowsSince(before);
        var spot = await SpotCheckAsync(control);

        report.Add(section, figure, Format.Rate(rate),
            $"{Format.Count(load.Acked)}/{Format.Count(load.Pushed)} pushed acked in {elapsed.TotalSeconds:0.00} s{(complete ? "" : $" — INCOMPLETE at the {Deadline.TotalSeconds:0} s cap")}; "
            + $"{Format.Count(persisted)} messages received in the journal ({Format.Count(rows)} rows in all by then); ack p50 {Format.Ms(load.AckP50Ms)}, p99 {Format.Ms(load.AckP99Ms)}; {memory}; {spot}");
        if (warnings() is { Length: > 0 } logged)
            report.Add(section, "gateway warnings", Format.Count(logged.Length), logged[0].Trim());
        if (persisted < load.Acked)
            report.Add(section, "CHECK FAILED", "acked > persisted", "a callback was acked that is not in the journal");
        return (rate, meanPayload, complete);
    }

    private static bool _processWarm;

    /// <summary>
    /// Once per process, bursts into existing conversations, new ones and a single one, on a rig of their own, unreported: seconds
    /// into the process the tiered JIT is still recompiling the hot path (a third of the CPU samples of a burst right
    /// after a 300-message warm-up, by perf), which a gateway that has run for minutes no longer pays. Twice, letting
    /// the JIT go quiet after each: its one background thread promotes what a round ran for seconds after it, and
    /// what the first round ran too few times to be promoted gets its calls in the second.
    /// </summary>
    public static async Task WarmUpProcessAsync()
    {
        if (_processWarm) return;
        _processWarm = true;
        await using var rig = await GatewayRig.StartAsync();
        for (var round = 0; round < 2; round++)
        {
            await WarmUpAsync(rig.Control, messages: 10_000, conversations: 100);
            await WarmUpAsync(rig.Control, messages: 3_000, conversations: 3_000);
            // One conversation thousands deep runs paths the others do not (a long queue, a large dedup window): without
            // it the JIT compiled ~700 methods during the measured burst into one conversation (thirteenth round).
            await WarmUpAsync(rig.Control, messages: 4_000, conversations: 1);
            await JitActivity.WaitUntilQuietAsync(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>A small burst first, so the journal's tables and the connection pool are warm.</summary>
    public static async Task WarmUpAsync(EmulatorClient control, int messages = 300, int conversations = 30)
    {
        var watch = Stopwatch.StartNew();
        await control.StartLoadAsync(messages, Math.Min(messages, conversations), "warm up");
        var (_, _, complete) = await control.WaitForAcksAsync(messages, watch, TimeSpan.FromSeconds(60));
        if (!complete) throw new InvalidOperationException("the warm-up burst was not acked within 60 s");
    }

    /// <summary>One more message by msgId after the burst: delivered once and acked (the emulator's per-callback view).</summary>
    private static async Task<string> SpotCheckAsync(EmulatorClient control)
    {
        var msgId = await control.DirectMessageAsync("cidSpotCheck", "spot check");
        var until = DateTime.UtcNow.AddSeconds(30);
        EmulatorClient.CallbackState state;
        while (!(state = await control.CallbackAsync(msgId)).Acked && DateTime.UtcNow < until) await Task.Delay(10);
        return state.Acked ? $"spot check acked after {state.Deliveries} delivery" : "spot check NOT acked";
    }
}
