using Akka.Event;

namespace EdgeCrab.Gateway.Connection;

/// <summary>The log line for each intake outcome (tagged <c>[dingtalk]</c> by its source), never with the message text.</summary>
public static class IntakeLog
{
    public static void Write(ILoggingAdapter log, IntakeOutcome outcome)
    {
        switch (outcome)
        {
            case IntakeOutcome.Accepted { Warning: { } warning } accepted:
                log.Warning("message {0} in {1}: {2}", accepted.MsgId, accepted.ConversationId, warning);
                break;
            case IntakeOutcome.Ignored ignored:
                log.Info("message {0} in {1} acked and ignored: {2}", ignored.MsgId, ignored.ConversationId, ignored.Reason);
                break;
            case IntakeOutcome.Rejected rejected:
                log.Warning("message {0} in {1} acked but dropped: {2}", rejected.MsgId, rejected.ConversationId, rejected.Reason);
                break;
            case IntakeOutcome.NotAccepted notAccepted:
                log.Warning("message {0} in {1} {2}; not acking, DingTalk will redeliver it", notAccepted.MsgId, notAccepted.ConversationId, notAccepted.Reason);
                break;
        }
    }
}
