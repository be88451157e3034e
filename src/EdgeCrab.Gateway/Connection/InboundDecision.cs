using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Connection;

/// <summary>What the inbound rules make of a robot callback.</summary>
public abstract record InboundDecision
{
    private InboundDecision() { }

    /// <summary>Hand it to its session (a prompt, a command, or a refusal the session answers once).</summary>
    public sealed record Deliver(InboundMessage Message, string? Warning = null) : InboundDecision;

    /// <summary>Ack it and do nothing else; <see cref="Reason"/> is logged (never the message text).</summary>
    public sealed record Ignore(string Reason) : InboundDecision;
}
