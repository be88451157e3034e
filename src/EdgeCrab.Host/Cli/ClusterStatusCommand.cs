using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeCrab.Gateway.Cluster;

namespace EdgeCrab.Host.Cli;

/// <summary>
/// <c>edgecrab cluster status [--node URL]</c>: asks one running node's operations endpoint (EDGECRAB_HTTP_PORT) for
/// the cluster as it sees it, and prints the members, their roles, where the stream owner is and their sessions.
/// </summary>
internal static class ClusterStatusCommand
{
    public static Command Create()
    {
        var options = new SettingOptions();
        var node = new Option<Uri?>("--node") { Description = "a node's operations endpoint, e.g. http://127.0.0.1:9100 (default: this machine's EDGECRAB_HTTP_PORT)" };
        var status = new Command("status", "Show the cluster's members, the stream owner and the sessions on each node.");
        status.Options.Add(node);
        options.AddTo(status);
        status.SetAction(async (parse, ct) =>
        {
            var endpoint = parse.GetValue(node);
            if (endpoint is null)
            {
                if (await CommandLineSettings.LoadOrReportAsync(options.Read(parse)) is not { } settings) return CommandLineSettings.InvalidExitCode;
                if (settings.HttpPort is not { } port || port == 0)
                {
                    await Console.Error.WriteLineAsync("edgecrab: pass --node URL, or set EDGECRAB_HTTP_PORT to the port the gateway serves /cluster on");
                    return CommandLineSettings.InvalidExitCode;
                }
                endpoint = new Uri($"http://{settings.NodeHost}:{port}/");
            }
            return await PrintAsync(endpoint, Console.Out, ct);
        });
        var cluster = new Command("cluster", "Inspect a running gateway cluster.");
        cluster.Subcommands.Add(status);
        return cluster;
    }

    public static async Task<int> PrintAsync(Uri endpoint, TextWriter output, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string json;
        try
        {
            json = await http.GetStringAsync(new Uri(endpoint, "/cluster"), ct);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"edgecrab: no gateway answered at {endpoint} ({e.HttpRequestError})");
            return 1;
        }
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.TryGetProperty("mode", out var mode) && mode.GetString() == "single-node")
        {
            await output.WriteLineAsync("This gateway runs as a single node (neither EDGECRAB_CLUSTER_SEEDS nor EDGECRAB_CLUSTER_DISCOVERY is set).");
            return 0;
        }
        var report = doc.RootElement.Deserialize<ClusterStatusReport>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        await output.WriteLineAsync($"Asked {report.Self}");
        await output.WriteLineAsync($"Stream connection: {report.StreamOwnerMode}, held by {(report.StreamOwners.Count == 0 ? "nobody yet" : string.Join(", ", report.StreamOwners))}");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"member",-40} {"status",-8} {"roles",-10} {"sessions",8}  notes");
        foreach (var m in report.Members)
        {
            var notes = string.Join(", ", new[] { m.IsLeader ? "leader" : null, m.IsOldest ? "oldest" : null }.OfType<string>());
            await output.WriteLineAsync($"{m.Address,-40} {m.Status,-8} {string.Join(",", m.Roles),-10} {(m.Sessions?.ToString() ?? "?"),8}  {notes}");
        }
        return 0;
    }
}
