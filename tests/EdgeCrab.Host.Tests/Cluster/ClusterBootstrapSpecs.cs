using EdgeCrab.Host.Cli;
using EdgeCrab.Host.Settings;
using EdgeCrab.Host.Tests.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>Nodes that know no seeds find each other the way Akka.NET deployments do: cluster bootstrap over discovery.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterBootstrapSpecs(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Three_nodes_should_form_one_cluster_through_config_discovery_without_seeds_and_answer()
    {
        await using var t = await ClusterUnderTest.StartAsync(3, StreamOwner.EveryNode, bootstrap: true, output: output);
        Assert.Contains("ClusterSeeds = (none), ClusterHost = 127.0.0.1", t.Logs);
        Assert.Contains("ClusterDiscovery = Config", t.Logs);

        // Every node sees all three Up, as `edgecrab cluster status` prints it from that node.
        for (var i = 0; i < 3; i++)
        {
            var endpoint = t.Nodes[i]!.OperationsAddress!;
            var printed = await Eventually.Get(async () =>
            {
                var text = new StringWriter();
                await ClusterStatusCommand.PrintAsync(endpoint, text, CancellationToken.None);
                return text.ToString();
            }, p => UpLines(p) == 3, $"node {i} sees three members up", TimeSpan.FromSeconds(60));
            output.WriteLine($"node {i}:\n{printed}");
            Assert.Equal(3, UpLines(printed));
        }

        await Eventually.Get(() => t.Control.ConnectionCountAsync(), n => n == 3, "one stream connection per node");
        await t.Control.DmAsync("cid-bootstrap", "user001", "hello through bootstrap");
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-bootstrap"), r => r.Count >= 1, "the answer", TimeSpan.FromSeconds(60));
        Assert.Equal("(offline agent) You said: hello through bootstrap", Assert.Single(replies).Text);
    }

    private static int UpLines(string printed) =>
        printed.Split('\n').Count(l => l.StartsWith("akka.tcp://edgecrab@127.0.0.1:", StringComparison.Ordinal) && l.Contains(" Up "));
}
