namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A turn was cancelled on purpose (<c>/stop</c>, or a newer message in interrupt mode); it is not run again.</summary>
public sealed record TurnStopped(int TurnNumber, string Reason, DateTimeOffset At) : ISessionEvent;
