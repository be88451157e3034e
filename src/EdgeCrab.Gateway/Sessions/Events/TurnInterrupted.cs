namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>The gateway stopped while a turn ran: the prompt goes back to the head of the queue and runs after restart.</summary>
public sealed record TurnInterrupted(int TurnNumber, DateTimeOffset At) : ISessionEvent;
