using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// Makes the node an Akka.NET cluster member, found the way <see cref="ClusterFormation"/> says: alone it is a cluster
/// of one on its own address (loopback by default, as Akka.Hosting's own tests run one), so a single node runs the
/// very same sharded sessions and singleton as a cluster and every fault fix lands once.
/// </summary>
/// <remarks>
/// The code sets what it depends on (provider, address, how to join, the role); hocon/cluster.conf holds the tuning
/// (resolver, sharding, singleton). No key is set in both: see the top of cluster.conf.
/// </remarks>
public static class GatewayClusterHosting
{
    /// <summary>Every node of one cluster runs an actor system of this name (it is part of the seed addresses).</summary>
    public const string SystemName = "edgecrab";

    /// <param name="seeds">host:port of the seed nodes; empty for a cluster of one.</param>
    public static AkkaConfigurationBuilder AddGatewayCluster(this AkkaConfigurationBuilder builder, string host, int port, IReadOnlyList<(string Host, int Port)> seeds) =>
        builder.AddGatewayCluster(host, port, seeds.Count == 0 ? ClusterFormation.Alone.Instance : new ClusterFormation.Seeds(seeds));

    public static AkkaConfigurationBuilder AddGatewayCluster(this AkkaConfigurationBuilder builder, string host, int port, ClusterFormation formation)
    {
        builder
            .WithRemoting(hostname: host, port: port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = formation is ClusterFormation.Seeds seeds
                    ? seeds.Nodes.Select(seed => $"akka.tcp://{SystemName}@{seed.Host}:{seed.Port}").ToArray()
                    : null,
                // The role is a contract with the code (sessions, singletons and the send pace count members by it), so it lives here.
                Roles = [ConversationSessionsHosting.Role],
            });
        return formation switch
        {
            ClusterFormation.Alone => builder.WithActors((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            }),
            ClusterFormation.Bootstrap bootstrap => builder.AddClusterBootstrap(host, bootstrap),
            _ => builder,
        };
    }
}
