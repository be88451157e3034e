using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using EdgeCrab.Gateway;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;
using EdgeCrab.Host.Tests.EndToEnd;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>
/// The emulator, a fresh PostgreSQL database and several gateway nodes forming one Akka.NET cluster on loopback,
/// all in this test process. Nodes can be crashed (their actor system dropped with no shutdown step).
/// </summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly StringWriter _log = new();
    private readonly TextWriter _console;
    private readonly StreamOwner _owner;
    private readonly int[] _ports;
    private readonly int[] _managementPorts;
    private readonly bool _bootstrap;
    private readonly List<string> _homes = [];
    private readonly Func<GatewaySettings, GatewaySettings> _configure;
    private readonly ITestOutputHelper? _output;

    private ClusterUnderTest(DingTalkEmulator emulator, TestDatabase database, StreamOwner owner, int nodes, Func<GatewaySettings, GatewaySettings> configure, bool bootstrap, ITestOutputHelper? output)
    {
        _output = output;
        _bootstrap = bootstrap;
        _configure = configure;
        Emulator = emulator;
        Control = new EmulatorControl(emulator.BaseUri);
        _database = database;
        _owner = owner;
        _console = TextWriter.Synchronized(_log);
        _ports = Enumerable.Range(0, nodes).Select(_ => FreePort.Next()).ToArray();
        _managementPorts = Enumerable.Range(0, nodes).Select(_ => FreePort.Next()).ToArray();
        Nodes = new GatewayApp?[nodes];
    }

    public DingTalkEmulator Emulator { get; }
    public EmulatorControl Control { get; }
    public GatewayApp?[] Nodes { get; }
    public string JournalConnectionString => _database.ConnectionString;

    public string Logs
    {
        get { lock (_console) return _log.ToString(); }
    }

    // Quick failure detection and downing so a crash is handled in seconds; a crash skips every shutdown step.
    // With stable-after at 2 s, "down all when unstable" would follow 4 s later: a CI machine that stalled the
    // resolver's tick for a few seconds after a crash made it down the whole cluster ("SBR detected instability and
    // will down all nodes: reachability changed 1 times since 6019 ms ago"). 15 s keeps the safeguard, past any stall.
    private static readonly Config Overrides = ConfigurationFactory.ParseString("""
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.split-brain-resolver.down-all-when-unstable = 15s
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
        akka.cluster.failure-detector.threshold = 8
        akka.cluster.down-removal-margin = 1s
        akka.cluster.singleton.hand-over-retry-interval = 500ms
        akka.cluster.sharding.retry-interval = 500ms
        akka.cluster.sharding.handoff-timeout = 10s
        akka.cluster.sharding.rebalance-interval = 1s
        akka.management.cluster.bootstrap.contact-point-discovery.interval = 500ms
        akka.management.cluster.bootstrap.contact-point-discovery.stable-margin = 2s
        akka.management.cluster.bootstrap.contact-point.probe-interval = 1s
        """);

    /// <param name="capacity">How many nodes the test may have in all (those started later join with <see cref="StartNodeAsync"/>).</param>
    /// <param name="bootstrap">Form the cluster through cluster bootstrap over config discovery (every node's management endpoint listed), with no seeds.</param>
    /// <param name="output">Where the nodes' last warnings and errors go when the test ends (xunit shows them for a failed test).</param>
    public static async Task<ClusterUnderTest> StartAsync(int nodes, StreamOwner owner, int? capacity = null, Func<GatewaySettings, GatewaySettings>? configure = null, bool bootstrap = false, ITestOutputHelper? output = null)
    {
        var database = await TestDatabase.CreateAsync();
        var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { RedeliverAfter = TimeSpan.FromSeconds(3), PingInterval = TimeSpan.FromSeconds(1) });
        var cluster = new ClusterUnderTest(emulator, database, owner, capacity ?? nodes, configure ?? (s => s), bootstrap, output);
        if (bootstrap)
        {
            // No node is special: bootstrap picks the one that starts the cluster (the lowest address).
            await Task.WhenAll(Enumerable.Range(0, nodes).Select(cluster.StartNodeAsync));
        }
        else
        {
            // The first node seeds the cluster; the others join it. Start it alone so it is the oldest.
            await cluster.StartNodeAsync(0);
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(cluster.StartNodeAsync));
        }
        try
        {
            // Up in every node's own view, not only the first's: a node that has not yet heard it is Up counts only the
            // others in its split-brain resolver, and when the first then crashes, it downs itself (seen in CI).
            await Eventually.Get(() => Task.FromResult(Enumerable.Range(0, nodes).Min(cluster.UpMembers)), n => n == nodes, $"{nodes} members up on every node",
                TimeSpan.FromSeconds(60));
            // A region that registers after the first conversations were placed gets some of them moved to it by a
            // rebalance: wait for every node's region so that where a conversation first lands is where it stays.
            await Eventually.Get(cluster.ShardRegionsAsync, n => n == nodes, $"{nodes} shard regions registered", TimeSpan.FromSeconds(60));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            // Why the cluster did not form is in the nodes' warnings (bootstrap's probes and decisions among them).
            var complaints = cluster.Complaints(40);
            await cluster.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"{e.Message}\nThe nodes' warnings and errors:\n{complaints}");
        }
        return cluster;
    }

    /// <summary>How many shard regions the sessions' coordinator knows (asked through node 0).</summary>
    private async Task<int> ShardRegionsAsync()
    {
        var stats = await Nodes[0]!.Registry.Get<SessionsKey>().Ask<ClusterShardingStats>(
            new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(10));
        return stats.Regions.Count;
    }

    private string Complaints(int last) => string.Join('\n', Logs.Split('\n')
        .Where(l => l.Contains(" WRN] ", StringComparison.Ordinal) || l.Contains(" ERR] ", StringComparison.Ordinal))
        .TakeLast(last));

    public async Task StartNodeAsync(int index)
    {
        var home = Path.Combine(Path.GetTempPath(), "edgecrab-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        lock (_homes) _homes.Add(home);
        var settings = GatewaySettings.Default(home) with
        {
            Credentials = Emulator.Credentials,
            Endpoints = DingTalkEndpoints.SingleHost(Emulator.BaseUri),
            RobotCode = Emulator.RobotCode,
            Postgres = _database.ConnectionString,
            ClusterSeeds = _bootstrap ? [] : [new ClusterSeed("127.0.0.1", _ports[0])],
            ClusterDiscovery = _bootstrap ? ClusterDiscovery.Config : ClusterDiscovery.None,
            ClusterEndpoints = _bootstrap ? _managementPorts.Select(port => new ClusterSeed("127.0.0.1", port)).ToArray() : [],
            ClusterManagementPort = _managementPorts[index],
            ClusterHost = "127.0.0.1",
            ClusterPort = _ports[index],
            StreamOwner = _owner,
            HttpPort = index == 0 || _bootstrap ? 0 : null,
            LogLevel = GatewayLogLevel.Info,
        };
        Nodes[index] = await GatewayApp.StartAsync(_configure(settings), _console, Overrides, GatewayUnderTest.FastConnection);
    }

    /// <summary>How many members node <paramref name="index"/> sees as Up.</summary>
    public int UpMembers(int index) =>
        Akka.Cluster.Cluster.Get(Nodes[index]!.System).State.Members.Count(m => m.Status == MemberStatus.Up);

    /// <summary>Stops a node as Ctrl-C does: it leaves the cluster and hands its shards over.</summary>
    public async Task StopNodeAsync(int index)
    {
        var node = Nodes[index]!;
        Nodes[index] = null;
        await node.StopAsync();
        await node.DisposeAsync();
    }

    public async Task CrashNodeAsync(int index)
    {
        var node = Nodes[index]!;
        Nodes[index] = null;
        await node.CrashAsync();
        await node.DisposeAsync();
    }


    public async ValueTask DisposeAsync()
    {
        _output?.WriteLine($"The nodes' last warnings and errors:\n{Complaints(60)}");
        await Task.WhenAll(Nodes.OfType<GatewayApp>().Select(n => n.DisposeAsync().AsTask()));
        Control.Dispose();
        await Emulator.DisposeAsync();
        await _database.DisposeAsync();
        foreach (var home in _homes)
            try { Directory.Delete(home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
