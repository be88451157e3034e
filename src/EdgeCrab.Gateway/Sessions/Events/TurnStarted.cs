namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>The agent began answering <see cref="Prompt"/>; a retry re-runs an earlier prompt in place of its old answer.</summary>
public sealed record TurnStarted(int TurnNumber, InboundMessage Prompt, bool IsRetry, DateTimeOffset At) : ISessionEvent;
