namespace EdgeCrab.DingTalk.Stream;

/// <summary>Topics a stream connection subscribes to or receives.</summary>
public static class StreamTopics
{
    public const string RobotMessage = "/v1.0/im/bot/messages/get";
    public const string CardCallback = "/v1.0/card/instances/callback";
    public const string Ping = "ping";
    public const string Disconnect = "disconnect";
    public const string AllEvents = "*";
}
