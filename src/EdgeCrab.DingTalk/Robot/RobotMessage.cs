namespace EdgeCrab.DingTalk.Robot;

/// <summary>Someone @mentioned in a message (the robot itself included).</summary>
public sealed record AtUser(string? DingtalkId, string? StaffId);

/// <summary>The user a delegated robot answers for.</summary>
public sealed record HostingContext(string? UserId, string? Nick);

/// <summary>One entry of the history context DingTalk may attach.</summary>
public sealed record ConversationMessageContext(string? ReadStatus, string? SenderUserId, long? SendTime);

/// <summary>A robot message callback (topic <c>/v1.0/im/bot/messages/get</c>), every documented field, typed.</summary>
public sealed record RobotMessage
{
    public required string MsgId { get; init; }
    public required RobotMessageContent Content { get; init; }
    public required string ConversationId { get; init; }
    public required ConversationType ConversationType { get; init; }
    public string? ConversationTitle { get; init; }
    public string? SenderId { get; init; }
    public string? SenderStaffId { get; init; }
    public string? SenderNick { get; init; }
    public string? SenderCorpId { get; init; }
    public string? SenderPlatform { get; init; }
    public string? ChatbotUserId { get; init; }
    public string? ChatbotCorpId { get; init; }
    public string? RobotCode { get; init; }
    public bool IsAdmin { get; init; }
    public bool IsInAtList { get; init; }
    public IReadOnlyList<AtUser> AtUsers { get; init; } = [];
    public string? SessionWebhook { get; init; }
    public long? SessionWebhookExpiredTime { get; init; }
    public long? CreateAt { get; init; }
    public string? OpenThreadId { get; init; }
    public HostingContext? HostingContext { get; init; }
    public IReadOnlyList<ConversationMessageContext> ConversationMsgContext { get; init; } = [];
    public string? OriginalMsgId { get; init; }
    public string? OriginalProcessQueryKey { get; init; }
    public string? AiRobotSessionId { get; init; }

    public string MsgType => Content.MsgType;

    /// <summary>The sender's id as a gateway should use it: the staff id, else the encrypted sender id.</summary>
    public string SenderKey => SenderStaffId ?? SenderId ?? "";
}
