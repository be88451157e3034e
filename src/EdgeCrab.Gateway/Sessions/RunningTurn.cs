namespace EdgeCrab.Gateway.Sessions;

/// <summary>The turn a session is running: its number, the message it answers and when it began.</summary>
public sealed record RunningTurn(int Number, InboundMessage Prompt, DateTimeOffset StartedAt) : IGatewayMessage
{
    /// <summary>The AI card its answer streams into (<see cref="Events.CardOpened"/>); null when it answers in markdown.</summary>
    public string? Card { get; init; }
}
