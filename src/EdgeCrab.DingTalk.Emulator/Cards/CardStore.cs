using EdgeCrab.DingTalk.Emulator.Conversations;

namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>All card instances by <c>outTrackId</c>; keeps each delivered card's entry in its conversation up to date.</summary>
internal sealed class CardStore(ConversationLog log)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CardInstance> _cards = new(StringComparer.Ordinal);

    public bool TryCreate(string outTrackId, string templateId, IReadOnlyDictionary<string, string> parameters, string? callbackType)
    {
        lock (_gate) return _cards.TryAdd(outTrackId, new CardInstance(outTrackId, templateId, parameters, callbackType));
    }

    /// <summary>The card as a button click sees it, read under the store's lock; null when the card is unknown.</summary>
    public CardSnapshot? Snapshot(string outTrackId)
    {
        lock (_gate)
            return _cards.TryGetValue(outTrackId, out var card)
                ? new CardSnapshot(card.OutTrackId, card.ConversationId, card.Space, card.IsLive, card.CallbackType)
                : null;
    }

    public bool Exists(string outTrackId)
    {
        lock (_gate) return _cards.ContainsKey(outTrackId);
    }

    /// <summary>Puts the card in a conversation; false when the card is unknown.</summary>
    public bool Deliver(string outTrackId, string conversationId, OpenSpace space)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(outTrackId, out var card)) return false;
            card.ConversationId ??= conversationId;
            card.Space ??= space;
            Show(card);
            return true;
        }
    }

    public bool Update(string outTrackId, IReadOnlyDictionary<string, string> parameters, bool byKey)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(outTrackId, out var card)) return false;
            if (!byKey) card.Parameters.Clear();
            foreach (var (key, value) in parameters) card.Parameters[key] = value;
            Show(card);
            return true;
        }
    }

    public bool Stream(string outTrackId, string? guid, string key, string content, bool isFull, bool isFinalize, bool isError)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(outTrackId, out var card)) return false;
            card.Stream(guid, key, content, isFull, isFinalize, isError);
            Show(card);
            return true;
        }
    }

    private void Show(CardInstance card)
    {
        if (card.ConversationId is { } conversationId)
            log.ShowCard(conversationId, card.OutTrackId, card.Text, card.Finalized, card.Failed);
    }
}
