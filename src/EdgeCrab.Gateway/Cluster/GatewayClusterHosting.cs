using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// Makes the node an Akka.NET cluster member: with seeds it joins them; without, it is a cluster of one on its own
/// address (loopback by default, as Akka.Hosting's own tests run one), so a single node runs the very same sharded
/// sessions and singleton as a cluster and every fault fix lands once.
/// </summary>
public static class GatewayClusterHosting
{
    /// <summary>Every node of one cluster runs an actor system of this name (it is part of the seed addresses).</summary>
    public const string SystemName = "edgecrab";

    /// <param name="seeds">host:port of the seed nodes; empty for a cluster of one.</param>
    public static AkkaConfigurationBuilder AddGatewayCluster(this AkkaConfigurationBuilder builder, string host, int port, IReadOnlyList<(string Host, int Port)> seeds)
    {
        builder
            .WithRemoting(hostname: host, port: port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = seeds.Select(seed => $"akka.tcp://{SystemName}@{seed.Host}:{seed.Port}").ToArray(),
                Roles = [ConversationSessionsHosting.Role],
                SplitBrainResolver = new KeepMajorityOption(),
            });
        if (seeds.Count == 0)
            builder.WithActors((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }
}
