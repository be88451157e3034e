namespace EdgeCrab.Gateway.Sessions;

/// <summary>Messages of the <see cref="PendingWork"/> registry.</summary>
public static class PendingWorkProtocol
{
    /// <summary>Sent to a session at start-up because it had unfinished work: recover and carry on.</summary>
    public sealed record Wake(string ConversationId) : ISessionEnvelope;

    /// <summary>A woken session's answer when it recovered with no work left and nothing unwritten.</summary>
    public sealed record NothingPending(string ConversationId) : IGatewayMessage;

    /// <summary>
    /// From a session on a node of an earlier version, during a rolling upgrade: record durably that it has work
    /// (its rows carry no tag); answered <see cref="BusyRecorded"/>. Sessions of this version never send it.
    /// </summary>
    public sealed record MarkBusy(string ConversationId) : IGatewayMessage;

    /// <summary>The answer to <see cref="MarkBusy"/>: the work is on record, a restart will wake the session.</summary>
    public sealed record BusyRecorded(string ConversationId) : IGatewayMessage;

    /// <summary>From a session on a node of an earlier version: it has no work left.</summary>
    public sealed record MarkIdle(string ConversationId) : IGatewayMessage;
}
