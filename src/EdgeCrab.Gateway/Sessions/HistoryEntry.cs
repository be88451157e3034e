namespace EdgeCrab.Gateway.Sessions;

/// <summary>Who said a line of the history the agent sees.</summary>
public enum HistoryRole
{
    User,
    Assistant,
}

/// <summary>One line of the history the agent sees; <see cref="MsgId"/> ties a user line to its DingTalk message.</summary>
public sealed record HistoryEntry(HistoryRole Role, string Text, string? MsgId) : IGatewayMessage;
