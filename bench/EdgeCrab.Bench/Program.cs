using EdgeCrab.Bench;

// dotnet run -c Release --project bench/EdgeCrab.Bench -- <ingest|rows|node|latency|reconnect|memory|micro|calls|all> [--quick] [--with-micro] [--memory-cap SECONDS]
// latency --rate N: the paced run at N callbacks a second instead of half a calibration burst's rate (runs in turn at one rate).
// ingest --postgres: the ingest scenarios on a PostgreSQL journal (EDGECRAB_BENCH_POSTGRES names the server), on one node and on a 3-node cluster.
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var quick = args.Contains("--quick");
var withMicro = args.Contains("--with-micro");

if (command == MemoryBench.PhaseCommand)
    return await MemoryBench.RunPhaseAsync(args);

string[] known = ["ingest", "rows", "node", "latency", "reconnect", "memory", "micro", "calls", "all"];
if (!known.Contains(command))
{
    Console.Error.WriteLine($"unknown command '{command}'; use one of: {string.Join(", ", known)} [--quick] [--with-micro]");
    return 2;
}

Console.WriteLine($"EdgeCrab.Bench {command}{(quick ? " --quick" : "")} — {Machine.Describe()}");
var report = new Report();
var total = System.Diagnostics.Stopwatch.StartNew();
IReadOnlyList<IngestBench.Outcome>? ingest = null;

if (command == "ingest" && args.Contains("--postgres"))
    await IngestBench.RunPostgresAsync(report, quick);
else if (command == "ingest" && Option("--conversations") is { } c)
    ingest = [await IngestBench.RunOneAsync(report, new IngestBench.Scenario(c, Option("--messages") ?? c), withRawSqlite: true)];
else if (command is "ingest" or "all")
    ingest = await IngestBench.RunAsync(report, quick);
if (command == "rows")
    await IngestBench.RowsPerAnswerAsync(report);
if (command is "node" or "all")
    await NodeAckBench.RunAsync(report, quick);
if (command is "latency" or "all")
    await LatencyBench.RunAsync(report, quick, ingest, Option("--rate"));
if (command is "reconnect" or "all")
    await ReconnectBench.RunAsync(report, quick);
if (command is "calls" or "all")
    await CallsBench.RunAsync(report, quick);
if (command is "memory" or "all")
    await MemoryBench.RunAsync(report, quick, Option("--memory-cap"));
if (command == "micro" || (command == "all" && withMicro))
    MicroBench.Run(report, quick);

Console.WriteLine();
report.Print(Console.Out);
Console.WriteLine($"(took {total.Elapsed.TotalSeconds:0} s)");
return 0;

// `ingest --conversations N [--messages M]`: one scenario only (profiling).
int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : null;
}
