using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// A reply chunk persisted as queued and not yet delivered: what the outbox must send, in this order.
/// <see cref="QueuedAt"/> (its reply's <c>ReplyQueued.At</c>) is when its time to be delivered started: persisted, so
/// a restart does not give it a fresh allowance; null only in snapshots from before it was kept.
/// <see cref="Incarnation"/> is its reply's <c>ReplyQueued.Incarnation</c>, part of its key (<c>ChunkKey</c>).
/// </summary>
public sealed record PendingChunk(int ReplyNumber, int Index, int Count, string Text, string Title, ReplyTarget Target,
    ReplyKind Kind = ReplyKind.Reply, DateTimeOffset? QueuedAt = null, string? Incarnation = null) : IGatewayMessage
{
    /// <summary>For a <see cref="ReplyKind.CardFinal"/> chunk: how much of its text the card already shows (streamed live).</summary>
    public int? CardShown { get; init; }

    /// <summary>Whether this chunk is written into an AI card rather than sent as a message.</summary>
    public bool IsCardWrite => Target.CardId is not null && (Kind is ReplyKind.CardClose or ReplyKind.CardFailed || (Kind == ReplyKind.CardFinal && Index == 0));

    public (int ReplyNumber, int Index) Id => (ReplyNumber, Index);
}
