namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>The agent finished a turn with this answer and token usage.</summary>
public sealed record AnswerCompleted(int TurnNumber, string Text, long InputTokens, long OutputTokens, DateTimeOffset At) : ISessionEvent
{
    /// <summary>True when the model could not see the turn's pictures and was given their descriptions; null otherwise (and in older journals).</summary>
    public bool? PicturesUnseen { get; init; }
}
