using System.Collections.Immutable;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// A session's state as stored every N events: plain lists, so the stored JSON stays readable and stable. Every list
/// is bounded (the dedup window, the queue, the kept history, the undelivered parts), so a snapshot does not grow
/// with the conversation. Snapshots from before <see cref="Accepted"/> carry <see cref="AcceptedMsgIds"/> without
/// times: those msgIds count as accepted when the snapshot is loaded, which only keeps them a little longer.
/// Snapshots from before <see cref="Incarnation"/> leave it to be named by the next message received; those from
/// before <see cref="Held"/> held no commands.
/// </summary>
public sealed record SessionSnapshot(
    string ConversationId,
    IReadOnlyList<string>? AcceptedMsgIds,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<InboundMessage> Queue,
    RunningTurn? Current,
    InboundMessage? LastPrompt,
    IReadOnlyList<PendingChunk> Outbox,
    int NextTurnNumber,
    int NextReplyNumber,
    UsageCounters Total,
    UsageCounters SinceNew,
    DateTimeOffset? LastNewAt,
    IReadOnlyList<DedupWindow.Entry>? Accepted = null,
    IReadOnlyList<PendingChunk>? Undelivered = null,
    bool QueueFullNoticed = false,
    string? Incarnation = null,
    IReadOnlyList<InboundMessage>? Held = null,
    DateTimeOffset? CardsPausedUntil = null,
    bool PicturesUnseenTold = false) : IGatewayMessage
{
    public static SessionSnapshot From(ConversationState s) => new(
        s.ConversationId, null, s.History, s.Queue, s.Current, s.LastPrompt, s.Outbox,
        s.NextTurnNumber, s.NextReplyNumber, s.Total, s.SinceNew, s.LastNewAt,
        s.Accepted.InOrder.ToArray(), s.Undelivered, s.QueueFullNoticed, s.Incarnation, s.Held.IsEmpty ? null : s.Held, s.CardsPausedUntil, s.PicturesUnseenTold);

    /// <param name="loadedAt">When the snapshot is loaded: the acceptance time of msgIds an old snapshot kept without one.</param>
    public ConversationState ToState(DateTimeOffset loadedAt) => new()
    {
        ConversationId = ConversationId,
        Accepted = DedupWindow.From((AcceptedMsgIds ?? []).Select(id => new DedupWindow.Entry(id, loadedAt)).Concat(Accepted ?? [])),
        History = HistoryWindow.Default.Keep(History.ToImmutableArray()),
        Queue = Queue.ToImmutableList(),
        Held = (Held ?? []).ToImmutableList(),
        Current = Current,
        LastPrompt = LastPrompt,
        Outbox = Outbox.ToImmutableList(),
        Undelivered = (Undelivered ?? []).ToImmutableList(),
        QueueFullNoticed = QueueFullNoticed,
        NextTurnNumber = NextTurnNumber,
        NextReplyNumber = NextReplyNumber,
        Total = Total,
        SinceNew = SinceNew,
        LastNewAt = LastNewAt,
        Incarnation = Incarnation,
        CardsPausedUntil = CardsPausedUntil,
        PicturesUnseenTold = PicturesUnseenTold,
    };
}
