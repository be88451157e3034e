using Akka.Hosting;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The one place that decides which actors a node runs, from the settings. A single node is a cluster of one, so the
/// only choices are how to find the others (none, seeds or bootstrap) and where the DingTalk stream connection lives.
/// </summary>
internal static class GatewayTopology
{
    public const string SystemName = GatewayClusterHosting.SystemName;

    public static AkkaConfigurationBuilder AddGatewayTopology(this AkkaConfigurationBuilder builder, GatewaySettings settings,
        SessionDependencies deps, DingTalkRestClient rest, InboundPolicy policy, ConnectionSettings connection)
    {
        builder
            .AddGatewayCluster(settings.NodeHost, settings.ClusterPort ?? 0, Formation(settings))
            .AddConversationSessions(deps)
            .AddJournalProbe();
        return settings.IsClustered && settings.StreamOwner == StreamOwner.Singleton
            ? builder.AddSingletonDingTalkConnection(rest, policy, connection, TimeProvider.System)
            : builder.AddDingTalkConnection(rest, policy, connection, TimeProvider.System);
    }

    /// <summary>Seeds, cluster bootstrap, or a cluster of one; the loader has made sure at most one way is set.</summary>
    private static ClusterFormation Formation(GatewaySettings settings) => settings.ClusterDiscovery switch
    {
        ClusterDiscovery.Config => new ClusterFormation.Bootstrap(
            new BootstrapDiscovery.Config(settings.ClusterEndpoints.Select(endpoint => endpoint.ToString()).ToArray()),
            settings.ClusterManagementPort,
            // Every listed node must answer before the first one starts a cluster: a fixed list names the whole cluster.
            settings.ClusterRequiredContacts ?? settings.ClusterEndpoints.Count),
        ClusterDiscovery.Kubernetes => new ClusterFormation.Bootstrap(
            new BootstrapDiscovery.Kubernetes(settings.ClusterPodSelector),
            settings.ClusterManagementPort,
            settings.ClusterRequiredContacts ?? ClusterFormation.Bootstrap.DefaultRequiredContactPoints),
        _ when settings.ClusterSeeds.Count > 0 => new ClusterFormation.Seeds(settings.ClusterSeeds.Select(seed => (seed.Host, seed.Port)).ToArray()),
        _ => ClusterFormation.Alone.Instance,
    };
}
