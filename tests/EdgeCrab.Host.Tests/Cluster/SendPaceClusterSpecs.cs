using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Host.Settings;
using EdgeCrab.Host.Tests.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>DingTalk's budget is per app: the nodes of a cluster share it, and the survivors take a lost node's share.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SendPaceClusterSpecs(ITestOutputHelper output)
{
    private static Task<double[]> Paces(ClusterUnderTest t) =>
        Task.FromResult(t.Nodes.OfType<Runtime.GatewayApp>().Select(n => n.Pace.PerSecond).ToArray());

    [PostgresFact]
    public async Task Nodes_should_each_send_their_share_of_the_app_budget_and_take_back_a_crashed_nodes_share()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.EveryNode, output: output);
        await Eventually.Get(() => Paces(t), p => p.All(rate => Math.Abs(rate - SendPace.AppSendsPerSecond / 3.0) < 1e-9), "each node at a third of the budget");

        await t.CrashNodeAsync(2);
        // The crashed node counts until it is downed and removed: never more than the app's budget in the meantime.
        await Eventually.Get(() => Paces(t), p => p.Length == 2 && p.All(rate => Math.Abs(rate - SendPace.AppSendsPerSecond / 2.0) < 1e-9),
            "each survivor at half the budget", TimeSpan.FromSeconds(60));
    }
}
