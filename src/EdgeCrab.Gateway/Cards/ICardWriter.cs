using EdgeCrab.Gateway.Outbox;

namespace EdgeCrab.Gateway.Cards;

/// <summary>Opens a turn's AI card and writes into it live. Never throws for DingTalk's failures: it says what to do about them.</summary>
public interface ICardWriter
{
    /// <summary>Creates and delivers the card (or finds it there, after a crash), waiting for a send slot.</summary>
    Task<DeliveryResult> OpenAsync(CardPlan card, CancellationToken ct);

    /// <summary>
    /// Replaces the card's text while the answer streams, only if a send slot is free now: a live write is worth
    /// skipping (the next one carries everything) rather than queueing ahead of other conversations' replies.
    /// </summary>
    /// <returns>Null when no slot was free and nothing was sent.</returns>
    Task<DeliveryResult?> TryWriteAsync(string outTrackId, string text, CancellationToken ct);
}
