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
    public (int ReplyNumber, int Index) Id => (ReplyNumber, Index);
}
