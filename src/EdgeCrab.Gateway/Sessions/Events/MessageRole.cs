namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>What a received message was taken as; stored so replaying the journal never depends on today's parser.</summary>
public enum MessageRole
{
    Prompt,
    Command,
    Refused,
}
