using System.Text.Json.Nodes;
using EdgeCrab.DingTalk.Emulator.Cards;
using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>
/// Where a person presses a card's button: the emulator pushes DingTalk's card callback to one stream client
/// subscribed to <c>/v1.0/card/instances/callback</c>, through the same ledger as robot messages (acked, and
/// redelivered when unacked; whether DingTalk redelivers card callbacks is UNCONFIRMED).
/// </summary>
internal sealed class CardActionDesk(CardStore cards, StreamHub hub, PushFrames frames, EmulatorApp emulator)
{
    /// <summary>What became of a click.</summary>
    public enum Outcome
    {
        Pushed,
        UnknownCard,
        NotDelivered,
        NoStreamCallback,
        Finished,
    }

    public async Task<(Outcome Outcome, PendingCallback? Callback)> PressAsync(string outTrackId, string userId, string actionId, JsonObject? parameters)
    {
        if (cards.Snapshot(outTrackId) is not { } card) return (Outcome.UnknownCard, null);
        if (card.ConversationId is null) return (Outcome.NotDelivered, null);
        // Only cards created with callbackType STREAM send their clicks over the stream (HTTP ones go to a route key).
        if (!string.Equals(card.CallbackType, "STREAM", StringComparison.Ordinal)) return (Outcome.NoStreamCallback, null);
        if (!card.IsLive) return (Outcome.Finished, null);

        var messageId = frames.NewMessageId();
        var data = CardCallbackData.Write(outTrackId, emulator.CorpId, userId, actionId, parameters, card.Space);
        var callback = new PendingCallback("card-" + messageId, StreamTopics.CardCallback, data, messageId, false, false);
        await hub.PushAsync(callback).ConfigureAwait(false);
        return (Outcome.Pushed, callback);
    }
}
