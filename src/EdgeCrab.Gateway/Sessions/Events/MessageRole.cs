namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>What a received message was taken as; stored so replaying the journal never depends on today's parser.</summary>
public enum MessageRole
{
    Prompt,
    Command,
    Refused,
    /// <summary>A prompt that arrived while the queue was full: accepted (acked, never redelivered) but not run.</summary>
    NotTaken,
    /// <summary>
    /// A slash command held until the hooks that may cancel it (<c>command:&lt;name&gt;</c>) have answered; it acts
    /// (or is cancelled) in <see cref="CommandVetted"/>, and what arrives meanwhile waits behind it.
    /// </summary>
    Held,
}
