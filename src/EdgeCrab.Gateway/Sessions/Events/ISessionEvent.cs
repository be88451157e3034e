namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>Something that happened to a conversation session; the journal is the sequence of these.</summary>
public interface ISessionEvent : IGatewayMessage
{
    DateTimeOffset At { get; }
}
