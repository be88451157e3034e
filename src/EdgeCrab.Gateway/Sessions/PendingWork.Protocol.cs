namespace EdgeCrab.Gateway.Sessions;

/// <summary>Messages of the <see cref="PendingWork"/> registry.</summary>
public static class PendingWorkProtocol
{
    /// <summary>Record durably that this session has work; answered <see cref="BusyRecorded"/>.</summary>
    public sealed record MarkBusy(string ConversationId) : IGatewayMessage;

    /// <summary>The session's work is on record: a restart will wake it.</summary>
    public sealed record BusyRecorded(string ConversationId) : IGatewayMessage;

    /// <summary>The session has no work left.</summary>
    public sealed record MarkIdle(string ConversationId) : IGatewayMessage;

    /// <summary>Sent to a session at start-up because it had unfinished work: recover and carry on.</summary>
    public sealed record Wake(string ConversationId) : ISessionEnvelope;
}
