namespace EdgeCrab.Gateway.Sessions;

/// <summary>Whether a conversation is a one-to-one chat with the robot or a group.</summary>
public enum ChatKind
{
    Direct,
    Group,
}
