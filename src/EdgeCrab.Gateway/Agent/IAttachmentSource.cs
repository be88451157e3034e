using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>Fetches a picture or file sent with a message, as content for the model. Never throws for DingTalk's failures: a failure is described.</summary>
public interface IAttachmentSource
{
    Task<FetchedAttachment> FetchAsync(Attachment attachment, CancellationToken ct);
}

/// <summary>What the model gets for a picture or file, and whether DingTalk would not give it (then the content says why).</summary>
public sealed record FetchedAttachment(AIContent Content, bool Unfetched = false);
