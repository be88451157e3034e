namespace EdgeCrab.Gateway.Sessions;

/// <summary>Who said a line of the history the agent sees.</summary>
public enum HistoryRole
{
    User,
    Assistant,
}

/// <summary>One line of the history the agent sees; <see cref="MsgId"/> ties a user line to its DingTalk message.</summary>
public sealed record HistoryEntry(HistoryRole Role, string Text, string? MsgId) : IGatewayMessage
{
    /// <summary>Who wrote a user line in a group (their nick, else staff id), so the model can tell people apart; null in a DM.</summary>
    public string? Speaker { get; init; }

    /// <summary>The line as the model reads it: in a group, prefixed with its speaker (<c>[Li Lei] …</c>).</summary>
    public string ForModel => Speaker is null ? Text : $"[{Speaker}] {Text}";
}
