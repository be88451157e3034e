namespace EdgeCrab.DingTalk.Stream;

/// <summary>Header names used on stream frames and acks.</summary>
public static class StreamHeaders
{
    public const string Topic = "topic";
    public const string MessageId = "messageId";
    public const string ContentType = "contentType";
    public const string Time = "time";
    public const string AppId = "appId";
    public const string ConnectionId = "connectionId";
    public const string JsonContentType = "application/json";
}
