using Akka.Actor;
using Akka.Event;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// How a session supervises its children (the turn's <see cref="Agent.AgentTurn"/>, the <see cref="Outbox.ReplyOutbox"/>):
/// Akka's default directives, and every child's end told to the session as a <see cref="ChildStopped"/>, so the session
/// needs no death watch. One instance for all sessions.
/// </summary>
/// <remarks>
/// Akka keeps what a watch put in an actor's watch tables for the rest of its life: watching a turn and an outbox left
/// every idle session with filled dictionaries (their tables exist anyway: Akka.Persistence's recovery permitter
/// watches each persistent actor while it recovers, so each already has the full watch state). A parent hears of its
/// children's ends through its supervisor strategy without watching them (bench/README.md, issue 14, seventh round).
/// </remarks>
internal sealed class SessionSupervision : OneForOneStrategy
{
    public static readonly SessionSupervision Instance = new();

    private SessionSupervision() { }

    public override void HandleChildTerminated(IActorContext actorContext, IActorRef child, IEnumerable<IInternalActorRef> children) =>
        actorContext.Self.Tell(new ChildStopped(child));

    /// <summary>A child of the session has stopped, whoever stopped it. Not a dead letter worth a log line when the session stopped first.</summary>
    public sealed record ChildStopped(IActorRef Child) : IDeadLetterSuppression;
}
