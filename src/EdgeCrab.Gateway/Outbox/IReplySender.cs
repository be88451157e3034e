using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>Sends one reply chunk to DingTalk. Never throws for DingTalk's failures: it says what to do about them.</summary>
public interface IReplySender
{
    Task<DeliveryResult> SendAsync(PendingChunk chunk, CancellationToken ct);
}
