using Akka.Actor;
using EdgeCrab.DingTalk.Robot;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// Takes in one robot callback, however it arrived (stream frame or HTTP callback): applies the inbound rules and
/// hands what passes to its session, answering whether the callback may now be acked. Never throws.
/// </summary>
public sealed class CallbackIntake(IActorRef sessions, InboundPolicy policy, TimeSpan ackTimeout, TimeProvider clock)
{
    public async Task<IntakeOutcome> TakeAsync(RobotMessage message)
    {
        InboundDecision decision;
        try
        {
            decision = InboundRules.Apply(message, policy, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            return new IntakeOutcome.Rejected(message.MsgId, message.ConversationId, $"the inbound rules failed ({e.GetType().Name}: {e.Message})");
        }
        switch (decision)
        {
            case InboundDecision.Ignore ignore:
                return new IntakeOutcome.Ignored(message.MsgId, message.ConversationId, ignore.Reason);
            case InboundDecision.Deliver deliver:
                try
                {
                    await sessions.Ask<Accepted>(new Deliver(deliver.Message), ackTimeout).ConfigureAwait(false);
                    return new IntakeOutcome.Accepted(message.MsgId, message.ConversationId, deliver.Warning);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    return new IntakeOutcome.NotAccepted(message.MsgId, message.ConversationId, $"not persisted within {ackTimeout.TotalSeconds:0.#} s");
                }
            default:
                throw new InvalidOperationException("unknown inbound decision");
        }
    }
}
