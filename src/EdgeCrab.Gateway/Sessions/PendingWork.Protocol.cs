namespace EdgeCrab.Gateway.Sessions;

/// <summary>Messages of the <see cref="PendingWork"/> registry.</summary>
public static class PendingWorkProtocol
{
    /// <summary>Sent to a session at start-up because it had unfinished work: recover and carry on.</summary>
    public sealed record Wake(string ConversationId) : ISessionEnvelope;

    /// <summary>A woken session's answer when it recovered with no work left and nothing unwritten.</summary>
    public sealed record NothingPending(string ConversationId) : IGatewayMessage;
}
