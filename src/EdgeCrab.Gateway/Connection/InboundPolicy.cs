using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.Gateway.Connection;

/// <summary>The settings the inbound rules apply: who may talk to the agent, how long a message may be, which webhooks are real.</summary>
public sealed record InboundPolicy(IReadOnlySet<string> AllowedUsers, int MaxChars, SessionWebhookPolicy Webhooks);
