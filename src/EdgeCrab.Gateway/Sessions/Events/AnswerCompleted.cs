namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>The agent finished a turn with this answer and token usage.</summary>
public sealed record AnswerCompleted(int TurnNumber, string Text, long InputTokens, long OutputTokens, DateTimeOffset At) : ISessionEvent;
