namespace EdgeCrab.Gateway.Persistence;

/// <summary>What the <see cref="JournalProbe"/> answers; each node asks its own probe, so nothing here crosses nodes.</summary>
public static class JournalProbeProtocol
{
    /// <summary>Asks the probe for the journal's <see cref="JournalStatus"/>.</summary>
    public sealed record GetJournalStatus
    {
        public static readonly GetJournalStatus Instance = new();
    }

    /// <summary>Whether the journal answered the last probe, why not, and since when it has been so.</summary>
    public sealed record JournalStatus(bool Answering, string? LastFailure, DateTimeOffset Since);
}
