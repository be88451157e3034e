using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Names one life of a conversation's journal: the msgId of the first message it received, and when. Both are in its
/// first event, so replaying the journal names it again the same way. DingTalk never reuses a msgId (and time moves
/// on), so a journal started over, after its file was deleted or on a new database, gets a name of its own.
/// </summary>
public static class SessionIncarnation
{
    public static string Of(MessageReceived first) => $"{first.Message.MsgId}@{first.At.UtcDateTime:O}";
}
