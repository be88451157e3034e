using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>Fetches a picture or file sent with a message, as content for the model. Never throws for DingTalk's failures: a failure is described.</summary>
public interface IAttachmentSource
{
    Task<AIContent> FetchAsync(Attachment attachment, CancellationToken ct);
}
