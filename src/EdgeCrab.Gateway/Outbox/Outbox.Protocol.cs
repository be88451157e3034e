using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>Messages between a session and its <see cref="ReplyOutbox"/>.</summary>
public static class OutboxProtocol
{
    /// <summary>Everything persisted as queued and not yet delivered, in order. Replaces what the outbox knew.</summary>
    public sealed record Pending(IReadOnlyList<PendingChunk> Chunks)
    {
        /// <summary>The span of the turn that wrote each reply (by reply number), when this node ran it: its chunks are sent under it.</summary>
        public IReadOnlyDictionary<int, string> Traces { get; init; } = new Dictionary<int, string>();
    }

    /// <summary>A chunk reached DingTalk: persist it as delivered.</summary>
    public sealed record ChunkDelivered(int ReplyNumber, int Index, string Via);

    /// <summary>A chunk will never reach DingTalk, and the rest of its reply is withheld: persist that and move on.</summary>
    public sealed record ChunkAbandoned(int ReplyNumber, int Index, string Reason);

    /// <summary>The outbox was restarted after a failure and knows nothing: tell it <see cref="Pending"/> again.</summary>
    public sealed record Restarted
    {
        public static Restarted Instance { get; } = new();

        private Restarted() { }
    }
}
