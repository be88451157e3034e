using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Host.Runtime;

/// <summary>Single node or cluster member: the one place that decides which actors a node runs, from the settings.</summary>
internal static class GatewayTopology
{
    public const string SystemName = "edgecrab";

    public static AkkaConfigurationBuilder AddGatewayTopology(this AkkaConfigurationBuilder builder, GatewaySettings settings,
        SessionDependencies deps, DingTalkRestClient rest, InboundPolicy policy, ConnectionSettings connection)
    {
        if (!settings.IsClustered)
            return builder
                .AddConversationSessions(deps)
                .AddDingTalkConnection(rest, policy, connection, TimeProvider.System);

        builder
            .WithRemoting(hostname: settings.NodeHost, port: settings.ClusterPort ?? 0)
            .WithClustering(new ClusterOptions
            {
                // Seeds are host:port; every node of one cluster runs an actor system of the same name.
                SeedNodes = settings.ClusterSeeds.Select(seed => $"akka.tcp://{SystemName}@{seed.Host}:{seed.Port}").ToArray(),
                Roles = [ShardedSessionsHosting.Role],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .AddShardedConversationSessions(deps);
        return settings.StreamOwner == StreamOwner.Singleton
            ? builder.AddSingletonDingTalkConnection(rest, policy, connection, TimeProvider.System)
            : builder.AddDingTalkConnection(rest, policy, connection, TimeProvider.System);
    }
}
