namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A session took on work (a message to answer, a reply to send): wake it if the gateway restarts before it is done.</summary>
public sealed record SessionBecameBusy(string ConversationId) : IGatewayMessage;

/// <summary>A session finished all its work.</summary>
public sealed record SessionBecameIdle(string ConversationId) : IGatewayMessage;

/// <summary>The sessions with unfinished work, as a snapshot.</summary>
public sealed record PendingWorkSnapshot(IReadOnlyList<string> ConversationIds) : IGatewayMessage;

/// <summary>
/// Sessions that took on work and sessions that finished it since the registry's previous write: one row for every
/// change that waited while that write was under way, instead of a row per session (issue 14). The two lists never
/// share an id. Journals from before it hold <see cref="SessionBecameBusy"/> and <see cref="SessionBecameIdle"/> rows.
/// </summary>
public sealed record PendingWorkChanged(IReadOnlyList<string> Busy, IReadOnlyList<string> Idle) : IGatewayMessage;
