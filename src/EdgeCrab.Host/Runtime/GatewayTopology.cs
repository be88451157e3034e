using Akka.Hosting;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Cluster;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Host.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCrab.Host.Runtime;

/// <summary>
/// The one place that decides which actors a node runs, from the settings. A single node is a cluster of one, so the
/// only choices are whom to join and where the DingTalk stream connection lives.
/// </summary>
internal static class GatewayTopology
{
    public const string SystemName = GatewayClusterHosting.SystemName;

    /// <param name="services">Where the node's shared objects come from (see <see cref="GatewayServices"/>).</param>
    public static AkkaConfigurationBuilder AddGatewayTopology(this AkkaConfigurationBuilder builder, GatewaySettings settings, IServiceProvider services)
    {
        var deps = services.GetRequiredService<SessionDependencies>();
        var rest = services.GetRequiredService<DingTalkRestClient>();
        var policy = services.GetRequiredService<InboundPolicy>();
        var connection = services.GetRequiredService<ConnectionSettings>();
        builder
            .AddGatewayCluster(settings.NodeHost, settings.ClusterPort ?? 0, settings.ClusterSeeds.Select(seed => (seed.Host, seed.Port)).ToArray())
            .AddConversationSessions(deps)
            .AddJournalProbe();
        return settings.IsClustered && settings.StreamOwner == StreamOwner.Singleton
            ? builder.AddSingletonDingTalkConnection(rest, policy, connection, TimeProvider.System)
            : builder.AddDingTalkConnection(rest, policy, connection, TimeProvider.System);
    }
}
