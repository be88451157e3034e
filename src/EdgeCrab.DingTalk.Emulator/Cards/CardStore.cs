using EdgeCrab.DingTalk.Emulator.Conversations;

namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>All card instances by <c>outTrackId</c>; keeps each delivered card's entry in its conversation up to date.</summary>
internal sealed class CardStore(ConversationLog log)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CardInstance> _cards = new(StringComparer.Ordinal);

    public bool TryCreate(string outTrackId, string templateId, IReadOnlyDictionary<string, string> parameters)
    {
        lock (_gate) return _cards.TryAdd(outTrackId, new CardInstance(outTrackId, templateId, parameters));
    }

    public bool Exists(string outTrackId)
    {
        lock (_gate) return _cards.ContainsKey(outTrackId);
    }

    /// <summary>Puts the card in a conversation; false when the card is unknown.</summary>
    public bool Deliver(string outTrackId, string conversationId)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(outTrackId, out var card)) return false;
            card.ConversationId ??= conversationId;
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

    public bool Stream(string outTrackId, string key, string content, bool isFull, bool isFinalize, bool isError)
    {
        lock (_gate)
        {
            if (!_cards.TryGetValue(outTrackId, out var card)) return false;
            card.Stream(key, content, isFull, isFinalize, isError);
            Show(card);
            return true;
        }
    }

    private void Show(CardInstance card)
    {
        if (card.ConversationId is { } conversationId)
            log.ShowCard(conversationId, card.OutTrackId, card.Text, card.Finalized);
    }
}
