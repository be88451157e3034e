namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// The hooks have answered a held command (<see cref="MessageRole.Held"/>): a hook cancelled it, with
/// <see cref="CancelReason"/>, or it acts now and its own events follow this one.
/// </summary>
public sealed record CommandVetted(string MsgId, string? CancelReason, DateTimeOffset At) : ISessionEvent;
