namespace EdgeCrab.Gateway.Sessions;

/// <summary>The turn a session is running: its number, the message it answers and when it began.</summary>
public sealed record RunningTurn(int Number, InboundMessage Prompt, DateTimeOffset StartedAt) : IGatewayMessage;
