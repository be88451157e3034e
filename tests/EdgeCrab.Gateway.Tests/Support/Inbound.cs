using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>Builds inbound messages for tests.</summary>
internal static class Inbound
{
    private static int _counter;

    public static InboundMessage Dm(string text, string conversationId = "cid-dm-1", string? msgId = null, string sender = "user001") =>
        Message(text, conversationId, ChatKind.Direct, msgId, sender);

    public static InboundMessage Group(string text, string conversationId = "cid-group-1", string? msgId = null, string sender = "user001") =>
        Message(text, conversationId, ChatKind.Group, msgId, sender);

    private static InboundMessage Message(string text, string conversationId, ChatKind kind, string? msgId, string sender) => new(
        msgId ?? $"msg-{Interlocked.Increment(ref _counter)}",
        conversationId,
        kind,
        sender,
        "Nick " + sender,
        text,
        new ReplyTarget(conversationId, kind, sender, "http://127.0.0.1:1/robot/sendBySession?session=test", null),
        DateTimeOffset.UnixEpoch);
}
