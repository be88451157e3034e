namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Where a reply goes: the message's session webhook while it is valid, else the robot send API (to the sender in a
/// DM, to the conversation in a group).
/// </summary>
public sealed record ReplyTarget(
    string ConversationId,
    ChatKind Kind,
    string? SenderStaffId,
    string? SessionWebhook,
    DateTimeOffset? WebhookExpiresAt) : IGatewayMessage
{
    /// <summary>The AI card the reply is written into (its <c>outTrackId</c>); null for markdown messages.</summary>
    public string? CardId { get; init; }

    public override string ToString() =>
        $"ReplyTarget {{ ConversationId = {ConversationId}, Kind = {Kind}, SenderStaffId = {SenderStaffId}, SessionWebhook = {(SessionWebhook is null ? "none" : "***")} }}";
}
