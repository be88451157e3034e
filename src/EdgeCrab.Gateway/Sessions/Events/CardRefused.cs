namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>
/// DingTalk refused a card call (to open, write or finalize one): turn <see cref="TurnNumber"/> (0 when no turn runs
/// any more) answers in markdown from here on, and the conversation uses markdown until <see cref="Until"/>.
/// </summary>
public sealed record CardRefused(int TurnNumber, string Reason, DateTimeOffset Until, DateTimeOffset At) : ISessionEvent;
