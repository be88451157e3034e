using System.Diagnostics;
using Akka.Actor;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.Gateway.Telemetry;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// Takes in one robot callback, however it arrived (stream frame or HTTP callback): applies the inbound rules and
/// hands what passes to its session, answering whether the callback may now be acked. Never throws. Each callback is
/// the root span of its message's trace (<c>edgecrab.callback</c>), counted by path and outcome.
/// </summary>
/// <param name="path">The intake path's name in metrics and traces: <c>stream</c> or <c>http</c>.</param>
public sealed class CallbackIntake(IActorRef sessions, InboundPolicy policy, TimeSpan ackTimeout, TimeProvider clock, string path)
{
    public async Task<IntakeOutcome> TakeAsync(RobotMessage message)
    {
        using var span = GatewayTelemetry.Source.StartActivity("edgecrab.callback", ActivityKind.Consumer);
        span?.SetTag("edgecrab.intake.path", path);
        span?.SetTag("messaging.message.id", message.MsgId);
        span?.SetTag("edgecrab.conversation.id", message.ConversationId);
        var started = Stopwatch.GetTimestamp();
        var outcome = await DecideAsync(message, span?.Id).ConfigureAwait(false);
        var name = outcome switch
        {
            IntakeOutcome.Accepted => "accepted",
            IntakeOutcome.Ignored => "ignored",
            IntakeOutcome.Rejected => "rejected",
            _ => "not_accepted",
        };
        GatewayTelemetry.Callbacks.Add(1, new("path", path), new("outcome", name));
        GatewayTelemetry.AckDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("path", path));
        span?.SetTag("edgecrab.intake.outcome", name);
        if (outcome.MayAck) span?.AddEvent(new ActivityEvent("acked"));
        else span?.SetStatus(ActivityStatusCode.Error, "not acked: DingTalk will redeliver it");
        return outcome;
    }

    private async Task<IntakeOutcome> DecideAsync(RobotMessage message, string? traceParent)
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
                    await sessions.Ask<Accepted>(new Deliver(deliver.Message) { TraceParent = traceParent }, ackTimeout).ConfigureAwait(false);
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
