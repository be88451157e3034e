namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>The agent failed a turn; the error is what the user was told.</summary>
public sealed record TurnFailed(int TurnNumber, string Error, DateTimeOffset At) : ISessionEvent;
