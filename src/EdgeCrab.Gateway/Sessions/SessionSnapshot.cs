using System.Collections.Immutable;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>A session's state as stored every N events: plain lists, so the stored JSON stays readable and stable.</summary>
public sealed record SessionSnapshot(
    string ConversationId,
    IReadOnlyList<string> AcceptedMsgIds,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<InboundMessage> Queue,
    RunningTurn? Current,
    InboundMessage? LastPrompt,
    IReadOnlyList<PendingChunk> Outbox,
    int NextTurnNumber,
    int NextReplyNumber,
    UsageCounters Total,
    UsageCounters SinceNew,
    DateTimeOffset? LastNewAt) : IGatewayMessage
{
    public static SessionSnapshot From(ConversationState s) => new(
        s.ConversationId, s.Accepted.InOrder.ToArray(), s.History, s.Queue, s.Current, s.LastPrompt, s.Outbox,
        s.NextTurnNumber, s.NextReplyNumber, s.Total, s.SinceNew, s.LastNewAt);

    public ConversationState ToState() => new()
    {
        ConversationId = ConversationId,
        Accepted = DedupWindow.From(AcceptedMsgIds),
        History = History.ToImmutableList(),
        Queue = Queue.ToImmutableList(),
        Current = Current,
        LastPrompt = LastPrompt,
        Outbox = Outbox.ToImmutableList(),
        NextTurnNumber = NextTurnNumber,
        NextReplyNumber = NextReplyNumber,
        Total = Total,
        SinceNew = SinceNew,
        LastNewAt = LastNewAt,
    };
}
