namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary><c>/new</c> or <c>/reset</c>: the agent starts over; the journal keeps everything.</summary>
public sealed record HistoryCleared(DateTimeOffset At) : ISessionEvent;
