using Akka.Actor;
using Akka.Event;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// How a session supervises its children (the turn's <see cref="Agent.AgentTurn"/>, the <see cref="Outbox.ReplyOutbox"/>):
/// Akka's default directives, and every child's end told to the session as a <see cref="ChildStopped"/>, so the session
/// needs no death watch. One instance for all sessions.
/// </summary>
/// <remarks>
/// An actor that has watched another even once keeps Akka's full watch state (two dictionaries, a set, a behaviour
/// stack) for the rest of its life: ~580 B of every idle session when sessions watched their children (bench/README.md,
/// issue 14, seventh round). A parent hears of its children's ends anyway, through its supervisor strategy.
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
