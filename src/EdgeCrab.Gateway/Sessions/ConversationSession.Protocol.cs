namespace EdgeCrab.Gateway.Sessions;

/// <summary>Messages addressed to one conversation's session, locally or through a shard region.</summary>
public interface ISessionEnvelope : IGatewayMessage
{
    string ConversationId { get; }
}

/// <summary>The messages a <see cref="ConversationSession"/> answers.</summary>
public static class ConversationSessionProtocol
{
    /// <summary>A person's message for the session. Answered <see cref="Accepted"/> once it is durably persisted (or was already).</summary>
    public sealed record Deliver(InboundMessage Message) : ISessionEnvelope
    {
        public string ConversationId => Message.ConversationId;
    }

    /// <summary>The message with this id is in the journal: the callback may be acked.</summary>
    public sealed record Accepted(string MsgId) : IGatewayMessage;

    /// <summary>The gateway is stopping: stop the running turn and persist that, then answer <see cref="TurnsInterrupted"/>.</summary>
    public sealed record InterruptTurns(string ConversationId) : ISessionEnvelope;

    /// <summary>
    /// Stop the session for good on this node (a shard handing off to another node): a running turn is persisted as
    /// interrupted first, so the node that takes over runs it again.
    /// </summary>
    public sealed record StopSession : IGatewayMessage
    {
        public static readonly StopSession Instance = new();
    }

    /// <summary>The session persisted its interruption (or had nothing running).</summary>
    public sealed record TurnsInterrupted(string ConversationId) : IGatewayMessage;
}
