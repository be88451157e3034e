namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>Turn <see cref="TurnNumber"/>'s answer streams into the AI card <see cref="OutTrackId"/>, which DingTalk has delivered.</summary>
public sealed record CardOpened(int TurnNumber, string OutTrackId, DateTimeOffset At) : ISessionEvent;
