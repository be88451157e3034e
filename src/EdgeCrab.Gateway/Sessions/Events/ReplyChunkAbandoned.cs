namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A chunk DingTalk will never take (refused, or out of retries); the outbox moves on.</summary>
public sealed record ReplyChunkAbandoned(int ReplyNumber, int Index, string Reason, DateTimeOffset At) : ISessionEvent;
