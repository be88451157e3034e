namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>A person's message was accepted (and may now be acked): its msgId joins the dedup window.</summary>
public sealed record MessageReceived(InboundMessage Message, MessageRole Role, DateTimeOffset At) : ISessionEvent;
