using Akka.Hosting;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// The sessions of a single node: creates a <see cref="ConversationSession"/> per conversation on first message and
/// handles their passivation the way a shard region does, holding messages for a session while it stops and
/// restarting it for them, so nothing sent during passivation is lost.
/// </summary>
internal sealed class SessionRouter : ReceiveActor
{
    private readonly Func<string, IActorRef, Props> _sessionProps;
    private IActorRef _pendingWork = ActorRefs.Nobody;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _heldWhilePassivating = new(StringComparer.Ordinal);

    public SessionRouter(Func<string, IActorRef, Props> sessionProps)
    {
        _sessionProps = sessionProps;
        Receive<InterruptTurns>(_ => InterruptAll());
        Receive<ISessionEnvelope>(Route);
        Receive<Passivate>(p => Passivate(p));
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<SessionCount>(_ => Sender.Tell(_sessions.Count));
    }

    public static Props Props(Func<string, IActorRef, Props> sessionProps) => Akka.Actor.Props.Create(() => new SessionRouter(sessionProps));

    /// <summary>Single-node sessions: each conversation a <see cref="ConversationSession"/>.</summary>
    public static Props Props(SessionDependencies deps) => Props((id, pendingWork) => ConversationSession.Props(id, deps, pendingWork));

    // The registry wakes sessions with unfinished work once it has recovered, through this router.
    protected override void PreStart()
    {
        _pendingWork = Context.ActorOf(PendingWork.Props(Self), "pending-work");
        Context.Watch(_pendingWork);
    }

    private void Route(ISessionEnvelope envelope)
    {
        var id = envelope.ConversationId;
        if (_heldWhilePassivating.TryGetValue(id, out var held))
        {
            held.Add((envelope, Sender));
            return;
        }
        SessionFor(id).Forward(envelope);
    }

    private IActorRef SessionFor(string id)
    {
        if (_sessions.TryGetValue(id, out var session)) return session;
        session = Context.ActorOf(_sessionProps(id, _pendingWork), new SessionKey(id).ActorName);
        Context.Watch(session);
        _sessions[id] = session;
        _ids[session] = id;
        return session;
    }

    private void Passivate(Passivate passivate)
    {
        if (!_ids.TryGetValue(Sender, out var id) || _heldWhilePassivating.ContainsKey(id)) return;
        _heldWhilePassivating[id] = [];
        Sender.Tell(passivate.StopMessage);
    }

    private void OnTerminated(IActorRef session)
    {
        if (session.Equals(_pendingWork))
        {
            // It stopped (its journal failed): without it nothing can be acked safely, so let supervision restart us.
            throw new InvalidOperationException("the pending-work registry stopped");
        }
        if (!_ids.Remove(session, out var id)) return;
        _sessions.Remove(id);
        if (!_heldWhilePassivating.Remove(id, out var held) || held.Count == 0) return;
        _log.Debug("Session {0} got {1} message(s) while passivating: starting it again", id, held.Count);
        var restarted = SessionFor(id);
        foreach (var (message, sender) in held) restarted.Tell(message, sender);
    }

    /// <summary>Asks every live session to stop and persist its running turn; answers once all have (or timed out).</summary>
    private void InterruptAll()
    {
        var replyTo = Sender;
        var asks = _sessions.Select(p => p.Value.Ask<TurnsInterrupted>(new InterruptTurns(p.Key), TimeSpan.FromSeconds(5)));
        Task.WhenAll(asks).ContinueWith(_ => new TurnsInterrupted("*"), TaskScheduler.Default).PipeTo(replyTo);
    }

    /// <summary>Asks the router how many sessions are live now.</summary>
    public sealed record SessionCount
    {
        public static readonly SessionCount Instance = new();
    }
}

/// <summary>Wires the single-node sessions into an actor system.</summary>
public static class SessionRouterHosting
{
    /// <summary>How long shutdown waits for sessions to persist their interrupted turns.</summary>
    public static readonly TimeSpan InterruptTimeout = TimeSpan.FromSeconds(10);

    public static AkkaConfigurationBuilder AddConversationSessions(this AkkaConfigurationBuilder builder, SessionDependencies deps) =>
        builder.WithActors((system, registry) =>
        {
            var router = system.ActorOf(SessionRouter.Props(deps), "sessions");
            registry.Register<SessionsKey>(router);
            // Ctrl-C: running turns are stopped and persisted as interrupted (they run again on the next start).
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "interrupt-running-turns", async () =>
            {
                try
                {
                    await router.Ask<TurnsInterrupted>(new InterruptTurns("*"), InterruptTimeout).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    system.Log.Warning("Some sessions did not persist their interrupted turns within {0}", InterruptTimeout);
                }
                return Akka.Done.Instance;
            });
        });
}
