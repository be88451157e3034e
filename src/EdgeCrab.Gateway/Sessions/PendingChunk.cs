namespace EdgeCrab.Gateway.Sessions;

/// <summary>A reply chunk persisted as queued and not yet delivered: what the outbox must send, in this order.</summary>
public sealed record PendingChunk(int ReplyNumber, int Index, int Count, string Text, string Title, ReplyTarget Target) : IGatewayMessage
{
    public (int ReplyNumber, int Index) Id => (ReplyNumber, Index);
}
