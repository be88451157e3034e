namespace EdgeCrab.Gateway.Connection;

/// <summary>What became of a robot callback: whether it may be acked, and what to log (never the message text).</summary>
public abstract record IntakeOutcome(string MsgId, string ConversationId)
{
    /// <summary>Ack it.</summary>
    public bool MayAck => this is not NotAccepted;

    /// <summary>Its session persisted it. <see cref="Warning"/> says what was wrong with it but handled (a forged webhook).</summary>
    public sealed record Accepted(string MsgId, string ConversationId, string? Warning) : IntakeOutcome(MsgId, ConversationId);

    /// <summary>The inbound rules keep it from the agent (group without mention, sender not allowed).</summary>
    public sealed record Ignored(string MsgId, string ConversationId, string Reason) : IntakeOutcome(MsgId, ConversationId);

    /// <summary>
    /// It could not be processed at all (a bug on our side): acked anyway and logged as a warning, because a message
    /// that fails every time would otherwise be redelivered forever.
    /// </summary>
    public sealed record Rejected(string MsgId, string ConversationId, string Reason) : IntakeOutcome(MsgId, ConversationId);

    /// <summary>Its session did not confirm it in time: do not ack, so DingTalk redelivers it.</summary>
    public sealed record NotAccepted(string MsgId, string ConversationId, string Reason) : IntakeOutcome(MsgId, ConversationId);
}
