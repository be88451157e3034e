using Akka.Cluster.Hosting;
using Akka.Hosting;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// Wires sessions into a node, alone or in a cluster alike: each <see cref="ConversationSession"/> a sharding entity
/// (so each conversation lives on exactly one node), registered under <see cref="SessionsKey"/>, and the
/// <see cref="PendingWork"/> waker a cluster singleton over the shared journal, under a
/// <see cref="JournalFaultSupervisor"/>. A journal outage stops neither for good: sessions have themselves woken
/// again (<see cref="SessionRestarts"/>), the registry's supervisor restarts it.
/// </summary>
public static class ConversationSessionsHosting
{
    public const string TypeName = "conversation";

    /// <summary>Every gateway node's cluster role: sessions, singletons and the send pace run on (and count) members with it.</summary>
    public const string Role = "gateway";

    /// <summary>
    /// Only what the code depends on: the role, and the stop message only code can give. The sharding tuning (state
    /// store, remember-entities, passivation, retry interval) is hocon/cluster.conf's, which every region falls back to.
    /// </summary>
    internal static ShardOptions SessionShardOptions => new()
    {
        Role = Role,
        // A shard moving to another node, or the node stopping, stops its sessions this way: running turns
        // are persisted as interrupted first, and run again where the session starts next.
        HandOffStopMessage = StopSession.Instance,
    };

    public static AkkaConfigurationBuilder AddConversationSessions(this AkkaConfigurationBuilder builder, SessionDependencies deps) =>
        builder
            // Loaded beside the node's start, never in its way: until it is, every session recovers in full.
            .AddStartup((system, _) => { var loading = deps.Census.LoadAsync(system); })
            .AddSetup(new JournalCensusSetup(deps.Census))
            .AddHocon(CompactMailbox.Hocon, HoconAddMode.Append)
            .AddHookRunner(deps.Hooks)
            .WithShardRegion<SessionsKey>(
                TypeName,
                (_, registry, _) =>
                {
                    // Made at the first session, not here: the region itself is registered after this runs.
                    var props = new Lazy<Akka.Actor.Props>(() => ConversationSession.Props(deps, registry.Get<SessionsKey>(),
                        registry.TryGet<HooksKey>(out var hooks) ? hooks : null));
                    return _ => props.Value;
                },
                new ConversationShardExtractor(),
                SessionShardOptions)
            .WithActors((system, registry) => system.ActorOf(IdleSessionSweep.Props(registry.Get<SessionsKey>(), deps.PassivateAfter), "idle-session-sweep"))
            .WithSingleton<PendingWorkKey>(
                "pending-work",
                (system, registry, _) => JournalFaultSupervisor.Props(
                    PendingWork.Props(registry.Get<SessionsKey>(), SessionWorkQuery.For(system.Settings.Config), wakeWhenMembersLeave: true), "registry", deps.Restarts.Backoff),
                // Not a PoisonPill: the registry writes off what the old registry's conversations answered before it stops.
                new ClusterSingletonOptions { Role = Role, TerminationMessage = JournalFaultSupervisor.FinishAndStop.Instance },
                // Nobody sends to it: woken sessions answer the singleton itself.
                createProxyToo: false);
}
