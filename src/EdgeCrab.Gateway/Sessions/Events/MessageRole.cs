namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>What a received message was taken as; stored so replaying the journal never depends on today's parser.</summary>
public enum MessageRole
{
    Prompt,
    Command,
    Refused,
    /// <summary>A prompt that arrived while the queue was full: accepted (acked, never redelivered) but not run.</summary>
    NotTaken,
}
