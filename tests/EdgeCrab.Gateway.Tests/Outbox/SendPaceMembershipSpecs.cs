using Akka.Actor;
using Akka.Configuration;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Outbox;

/// <summary>Two real cluster members on loopback: each node's pace follows how many gateway nodes are up.</summary>
public sealed class SendPaceMembershipSpecs : IAsyncLifetime
{
    private static readonly Config ClusterConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.roles = ["gateway"]
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """);

    private readonly List<ActorSystem> _systems = [];
    private readonly List<SendPace> _paces = [];

    private (ActorSystem System, SendPace Pace) StartNode()
    {
        var system = ActorSystem.Create("pace", ClusterConfig);
        var pace = new SendPace();
        system.ActorOf(SendPaceMembership.Props(pace), "send-pace-membership");
        _systems.Add(system);
        _paces.Add(pace);
        return (system, pace);
    }

    [Fact]
    public async Task Each_node_should_send_its_share_of_the_app_budget_and_take_it_back_when_the_other_leaves()
    {
        var (first, firstPace) = StartNode();
        var (second, secondPace) = StartNode();
        var seed = Akka.Cluster.Cluster.Get(first).SelfAddress;
        Akka.Cluster.Cluster.Get(first).Join(seed);
        Akka.Cluster.Cluster.Get(second).Join(seed);

        await Eventually.True(() => firstPace.Nodes == 2 && secondPace.Nodes == 2, "both nodes count two senders");
        Assert.Equal(SendPace.AppSendsPerSecond / 2.0, firstPace.PerSecond);

        await Akka.Cluster.Cluster.Get(second).LeaveAsync();
        await Eventually.True(() => firstPace.Nodes == 1, "the node left alone takes the whole budget");
        Assert.Equal(SendPace.AppSendsPerSecond, firstPace.PerSecond);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems) await system.Terminate();
        foreach (var pace in _paces) pace.Dispose();
    }
}
