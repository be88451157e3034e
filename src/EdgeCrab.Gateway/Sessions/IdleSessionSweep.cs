using Akka.Actor;
using Akka.Event;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Passivation for a node's sessions: every quarter of the idle time it tells each session this node hosts to
/// check whether it has been idle that long (<see cref="PassivateIfIdle"/>); an idle one has its shard stop it.
/// </summary>
/// <remarks>
/// Instead of a receive timeout per session: Akka reschedules that timer on every message and keeps its registration
/// with each session (~210 B of every idle one, bench/README.md, issue 14, seventh round). Sharding's own
/// <c>passivate-idle-entity-after</c> would cost less still, but it counts only messages sent through the shard and so
/// would stop a session that is busy sending a long answer. A session passivates between one and one and a quarter
/// times the idle time after its last message.
/// </remarks>
internal sealed class IdleSessionSweep : UntypedActor, IWithTimers
{
    /// <summary>The least time between two sweeps: a test's idle time of a few hundred milliseconds.</summary>
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(50);

    private readonly ActorSelection _sessions;
    private readonly TimeSpan _interval;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="region">The shard region whose children (shards) hold the node's sessions.</param>
    public IdleSessionSweep(IActorRef region, TimeSpan passivateAfter)
    {
        _sessions = Context.ActorSelection(region.Path.ToStringWithoutAddress() + "/*/*");
        _interval = passivateAfter / 4 > ShortestInterval ? passivateAfter / 4 : ShortestInterval;
    }

    public static Props Props(IActorRef region, TimeSpan passivateAfter) => Akka.Actor.Props.Create(() => new IdleSessionSweep(region, passivateAfter));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, _interval);

    protected override void OnReceive(object message)
    {
        if (message is Sweep) _sessions.Tell(PassivateIfIdle.Instance);
        else Unhandled(message);
    }

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    /// <summary>Told to every session on the node: stop through the shard if idle for the idle time. Not activity itself.</summary>
    public sealed class PassivateIfIdle : IDeadLetterSuppression
    {
        public static readonly PassivateIfIdle Instance = new();

        private PassivateIfIdle() { }
    }
}
