namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>DingTalk accepted a chunk; it is never sent again.</summary>
public sealed record ReplyChunkDelivered(int ReplyNumber, int Index, string Via, DateTimeOffset At) : ISessionEvent;
