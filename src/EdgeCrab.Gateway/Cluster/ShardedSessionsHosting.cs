using Akka.Cluster.Hosting;
using Akka.Hosting;
using EdgeCrab.Gateway.Sessions;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// Wires sessions into a cluster: the same <see cref="ConversationSession"/> as a sharding entity (so each
/// conversation lives on exactly one node), registered under <see cref="SessionsKey"/> just like the local router,
/// and the <see cref="PendingWork"/> registry as a cluster singleton over the shared journal.
/// </summary>
public static class ShardedSessionsHosting
{
    public const string TypeName = "conversation";
    public const string Role = "gateway";

    public static AkkaConfigurationBuilder AddShardedConversationSessions(this AkkaConfigurationBuilder builder, SessionDependencies deps) =>
        builder
            .WithShardRegion<SessionsKey>(
                TypeName,
                (_, registry, _) => conversationId => ConversationSession.Props(conversationId, deps, registry.Get<PendingWorkKey>()),
                new ConversationShardExtractor(),
                new ShardOptions
                {
                    Role = Role,
                    StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
                    RememberEntities = false,
                    // A shard moving to another node stops its sessions this way: running turns are persisted as
                    // interrupted first, and run again where the shard lands.
                    HandOffStopMessage = StopSession.Instance,
                })
            .WithSingleton<PendingWorkKey>(
                "pending-work",
                (_, registry, _) => PendingWork.Props(registry.Get<SessionsKey>(), wakeWhenMembersLeave: true),
                new ClusterSingletonOptions { Role = Role },
                createProxyToo: true);
}
