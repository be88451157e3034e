using EdgeCrab.DingTalk.Cards;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.Gateway.Connection;

/// <summary>Messages between a <see cref="StreamSocket"/> and the <see cref="DingTalkConnection"/> that owns it.</summary>
public static class StreamSocketProtocol
{
    /// <summary>
    /// A robot message arrived on link <see cref="LinkId"/>; ack it there with <see cref="AckCallback"/>, and dispose
    /// <see cref="Slot"/> once its intake is over (acked, refused or given up on).
    /// </summary>
    public sealed record CallbackReceived(int LinkId, string MessageId, RobotMessageParseResult Message, CallbackSlot Slot);

    /// <summary>A card callback (a button pressed) arrived on link <see cref="LinkId"/>: null <see cref="Callback"/> when unreadable, with why.</summary>
    public sealed record CardCallbackReceived(int LinkId, string MessageId, CardCallback? Callback, string? Problem);

    /// <summary>Write the ack for a callback (code 200 once the session has persisted it; 400 for one that can never be processed).</summary>
    public sealed record AckCallback(int LinkId, string MessageId, int Code, string Reason = "OK");

    /// <summary>A connection is up and receiving.</summary>
    public sealed record Connected(int LinkId, string Endpoint);

    /// <summary>The socket actor is going down and will be restarted with backoff.</summary>
    public sealed record Down(string Reason);
}
