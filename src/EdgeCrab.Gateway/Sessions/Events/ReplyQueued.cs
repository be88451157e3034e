namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A reply, already split into chunks, persisted before any of it is sent. Journals from before <see cref="Kind"/> read as plain replies.</summary>
public sealed record ReplyQueued(int ReplyNumber, string InReplyTo, IReadOnlyList<string> Chunks, string Title, ReplyTarget Target, DateTimeOffset At,
    ReplyKind Kind = ReplyKind.Reply) : ISessionEvent;
