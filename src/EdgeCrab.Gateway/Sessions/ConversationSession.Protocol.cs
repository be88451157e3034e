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

        /// <summary>The W3C <c>traceparent</c> of the callback's span, so the session's spans join its trace (never persisted).</summary>
        public string? TraceParent { get; init; }
    }

    /// <summary>The message with this id is in the journal: the callback may be acked.</summary>
    public sealed record Accepted(string MsgId) : IGatewayMessage;

    /// <summary>
    /// Someone pressed a button (<see cref="ActionId"/>) on the session's card <see cref="OutTrackId"/>. Answered
    /// <see cref="ButtonTaken"/> once what it does is durably persisted (or once it is known to do nothing).
    /// </summary>
    public sealed record PressCardButton(string ConversationId, string OutTrackId, string UserId, string? ActionId) : ISessionEnvelope;

    /// <summary>The button press is dealt with: its callback may be acked.</summary>
    public sealed record ButtonTaken(string OutTrackId) : IGatewayMessage;

    /// <summary>
    /// Stop the session for good on this node (its shard handing off to another node, or the node stopping): a running
    /// turn is persisted as interrupted first, so wherever the session starts next runs it again.
    /// </summary>
    public sealed record StopSession : IGatewayMessage
    {
        public static readonly StopSession Instance = new();
    }
}
