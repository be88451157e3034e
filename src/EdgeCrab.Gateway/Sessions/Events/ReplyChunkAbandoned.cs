namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// A gap notice DingTalk would not take: recorded, and nothing more is said about it (a notice about a notice would
/// loop on a dead route). Journals from before <see cref="ReplyPartUndelivered"/> also hold it for any chunk given up.
/// </summary>
public sealed record ReplyChunkAbandoned(int ReplyNumber, int Index, string Reason, DateTimeOffset At) : ISessionEvent;
