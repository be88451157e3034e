namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>Waiting messages were dropped (<c>/stop</c>, or a newer message in latest mode).</summary>
public sealed record QueueCleared(int Dropped, DateTimeOffset At) : ISessionEvent;
