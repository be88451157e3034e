namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// A reply, already split into chunks, persisted before any of it is sent. Journals from before <see cref="Kind"/> read
/// as plain replies. <see cref="Incarnation"/> is the session's when the reply was queued (it names the chunks' keys);
/// null in journals from before it was kept, whose chunks keep the keys they were first sent with.
/// </summary>
public sealed record ReplyQueued(int ReplyNumber, string InReplyTo, IReadOnlyList<string> Chunks, string Title, ReplyTarget Target, DateTimeOffset At,
    ReplyKind Kind = ReplyKind.Reply, string? Incarnation = null) : ISessionEvent
{
    /// <summary>For <see cref="ReplyKind.CardFinal"/>: how much of the card's text it already showed when the answer was complete.</summary>
    public int? CardShown { get; init; }
}
