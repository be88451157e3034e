namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// One message a person sent to the robot, as the session sees it: mention stripped, already past the inbound rules.
/// <see cref="Refusal"/> is set when the gateway will not run it (unsupported type, too long) and only answers why.
/// </summary>
public sealed record InboundMessage(
    string MsgId,
    string ConversationId,
    ChatKind Kind,
    string SenderId,
    string? SenderNick,
    string Text,
    ReplyTarget ReplyTo,
    DateTimeOffset ReceivedAt,
    string? Refusal = null) : IGatewayMessage
{
    /// <summary>Pictures and files sent with the message, downloaded when its turn runs; null when there are none.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public SessionKey Session => new(ConversationId);
}
