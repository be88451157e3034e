using System.Diagnostics;

namespace EdgeCrab.Bench;

/// <summary>
/// The peer's ceiling: DingTalk's Node.js Stream SDK connected to the same emulator, acking the same bursts without
/// persisting anything. Skipped, with the reason, when node or the SDK (tests/node-sdk/node_modules) is missing.
/// </summary>
internal static class NodeAckBench
{
    public static async Task RunAsync(Report report, bool quick)
    {
        var root = RepositoryRoot();
        var script = root is null ? null : Path.Combine(root, "bench", "node", "ack-only.cjs");
        var sdk = root is null ? null : Path.Combine(root, "tests", "node-sdk", "node_modules", "dingtalk-stream", "package.json");
        var node = FindOnPath("node");
        string? missing = root is null ? "repository root not found (run from the repository)"
            : node is null ? "node is not on PATH"
            : !File.Exists(sdk) ? "tests/node-sdk/node_modules/dingtalk-stream is not installed (cd tests/node-sdk && npm ci)"
            : null;
        if (missing is not null)
        {
            report.Add("node SDK", "skipped", "-", missing);
            return;
        }
        // The emulator runs in this process: warm its JIT as the gateway's scenarios do, so both meet the same emulator.
        await IngestBench.WarmUpProcessAsync();
        foreach (var scenario in IngestBench.Scenarios(quick))
            await RunOneAsync(report, node!, script!, scenario);
    }

    private static async Task RunOneAsync(Report report, string node, string script, IngestBench.Scenario scenario)
    {
        var section = $"ingest {Format.Count(scenario.Conversations)} conv";
        await using var rig = await GatewayRig.StartAsync(withGateway: false);
        var credentials = rig.Credentials;
        using var process = Process.Start(new ProcessStartInfo(node, [script, rig.EmulatorUri.ToString(), credentials.AppKey, credentials.AppSecret])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await rig.Control.WaitForConnectionsAsync(1, TimeSpan.FromSeconds(30));
            await IngestBench.WarmUpAsync(rig.Control);
            var watch = Stopwatch.StartNew();
            await rig.Control.StartLoadAsync(scenario.Messages, scenario.Conversations);
            var (load, elapsed, complete) = await rig.Control.WaitForAcksAsync(scenario.Messages, watch, IngestBench.Deadline);
            report.Add(section, "Node SDK acks (no persistence)", Format.Rate(load.Acked / elapsed.TotalSeconds),
                $"{Format.Count(load.Acked)}/{Format.Count(load.Pushed)} acked in {elapsed.TotalSeconds:0.00} s{(complete ? "" : " — INCOMPLETE")}; ack p50 {Format.Ms(load.AckP50Ms)}, p99 {Format.Ms(load.AckP99Ms)}");
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill();
            await process.WaitForExitAsync();
            var stderr = await errors;
            await output;
            if (stderr.Length > 0) Console.Error.WriteLine("node: " + stderr.Trim());
        }
    }

    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeCrab.Actors.sln"))) return dir.FullName;
        }
        return null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
