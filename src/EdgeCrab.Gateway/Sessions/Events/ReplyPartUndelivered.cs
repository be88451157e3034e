namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// Chunk <see cref="FromIndex"/> of a reply could not be delivered (refused, or out of time): it and the chunks after
/// it are not sent, so the reply never looks whole; they are kept for <c>/retry</c> and the user is told in one line.
/// </summary>
public sealed record ReplyPartUndelivered(int ReplyNumber, int FromIndex, string Reason, DateTimeOffset At) : ISessionEvent;
