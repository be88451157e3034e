namespace EdgeCrab.DingTalk.Rest;

/// <summary>One entry of <c>subscriptions</c> when opening a stream connection.</summary>
public sealed record StreamSubscription(string Type, string Topic)
{
    public static readonly StreamSubscription RobotMessages = new("CALLBACK", Stream.StreamTopics.RobotMessage);
    public static readonly StreamSubscription CardCallbacks = new("CALLBACK", Stream.StreamTopics.CardCallback);
    public static readonly StreamSubscription AllEvents = new("EVENT", Stream.StreamTopics.AllEvents);
}
