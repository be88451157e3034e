using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Gateway;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Bench;

/// <summary>
/// The emulator and several gateway nodes forming one Akka.NET cluster on loopback, over one PostgreSQL journal, as
/// the cluster specs start them: each node holds its own stream connection and sessions live on whichever node their
/// shard does, so a callback often arrives on one node for a session on another. All in this process, on the same
/// cores: the figure is what clustering costs, not what more machines would add.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    private readonly StringWriter _log = new();
    private readonly List<string> _homes = [];

    private ClusterRig(DingTalkEmulator emulator, int nodes)
    {
        Emulator = emulator;
        Control = new EmulatorClient(emulator.BaseUri);
        Nodes = new GatewayApp[nodes];
    }

    public DingTalkEmulator Emulator { get; }
    public EmulatorClient Control { get; }
    public GatewayApp[] Nodes { get; }

    /// <summary>Warning lines the nodes logged (a healthy run has none).</summary>
    public string[] Warnings
    {
        get
        {
            lock (_log) return _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    public static async Task<ClusterRig> StartAsync(int nodes, string postgres)
    {
        var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        var rig = new ClusterRig(emulator, nodes);
        var ports = Enumerable.Range(0, nodes).Select(_ => FreePort()).ToArray();
        // The first node seeds the cluster and is its oldest; the others join it together.
        rig.Nodes[0] = await rig.StartNodeAsync(ports, 0, postgres);
        var others = await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(i => rig.StartNodeAsync(ports, i, postgres)));
        others.CopyTo(rig.Nodes, 1);
        await rig.WaitUntilFormedAsync(TimeSpan.FromSeconds(60));
        await rig.Control.WaitForConnectionsAsync(nodes, TimeSpan.FromSeconds(30));
        return rig;
    }

    private async Task<GatewayApp> StartNodeAsync(int[] ports, int index, string postgres)
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        lock (_homes) _homes.Add(home);
        var settings = GatewaySettings.Default(home) with
        {
            Credentials = Emulator.Credentials,
            Endpoints = DingTalkEndpoints.SingleHost(Emulator.BaseUri),
            RobotCode = Emulator.RobotCode,
            Postgres = postgres,
            ClusterSeeds = [new ClusterSeed("127.0.0.1", ports[0])],
            ClusterHost = "127.0.0.1",
            ClusterPort = ports[index],
            LogLevel = GatewayLogLevel.Warning,
        };
        return await GatewayApp.StartAsync(settings, TextWriter.Synchronized(_log), ConfigurationFactory.Empty);
    }

    // Every member up and every node's shard region known, so no rebalance moves sessions during the burst.
    private async Task WaitUntilFormedAsync(TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            var up = Cluster.Get(Nodes[0].System).State.Members.Count(m => m.Status == MemberStatus.Up);
            if (up == Nodes.Length)
            {
                var stats = await Nodes[0].Registry.Get<SessionsKey>().Ask<ClusterShardingStats>(
                    new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(10));
                if (stats.Regions.Count == Nodes.Length) return;
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"the {Nodes.Length}-node cluster did not form within {patience.TotalSeconds:0} s: {Warnings.LastOrDefault()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // The younger nodes leave first, handing their shards to the oldest; then the oldest.
        foreach (var node in Nodes.Skip(1).Reverse().Append(Nodes[0]).OfType<GatewayApp>())
            await GatewayStop.GracefullyAsync(node);
        Control.Dispose();
        await Emulator.DisposeAsync();
        foreach (var home in _homes)
            try { Directory.Delete(home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
