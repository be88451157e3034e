namespace EdgeCrab.DingTalk.Stream;

/// <summary>A frame pushed by DingTalk over the stream websocket; <see cref="Data"/> is the JSON string exactly as sent.</summary>
public sealed record StreamFrame(
    StreamFrameType Type,
    IReadOnlyDictionary<string, string> Headers,
    string Data,
    string? SpecVersion = "1.0")
{
    public string? Topic => Headers.GetValueOrDefault(StreamHeaders.Topic);

    public string? MessageId => Headers.GetValueOrDefault(StreamHeaders.MessageId);

    public bool IsPing => Type == StreamFrameType.System && Topic == StreamTopics.Ping;

    public bool IsDisconnect => Type == StreamFrameType.System && Topic == StreamTopics.Disconnect;

    public bool IsRobotMessage => Type == StreamFrameType.Callback && Topic == StreamTopics.RobotMessage;
    public bool IsCardCallback => Type == StreamFrameType.Callback && Topic == StreamTopics.CardCallback;
}
