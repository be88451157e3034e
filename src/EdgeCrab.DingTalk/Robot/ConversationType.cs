namespace EdgeCrab.DingTalk.Robot;

/// <summary>DingTalk's <c>conversationType</c>: "1" for a one-to-one chat, "2" for a group.</summary>
public enum ConversationType
{
    Direct = 1,
    Group = 2,
}
