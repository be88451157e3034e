namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A session took on work (a message to answer, a reply to send): wake it if the gateway restarts before it is done.</summary>
public sealed record SessionBecameBusy(string ConversationId) : IGatewayMessage;

/// <summary>A session finished all its work.</summary>
public sealed record SessionBecameIdle(string ConversationId) : IGatewayMessage;

/// <summary>The sessions with unfinished work, as a snapshot.</summary>
public sealed record PendingWorkSnapshot(IReadOnlyList<string> ConversationIds) : IGatewayMessage;
