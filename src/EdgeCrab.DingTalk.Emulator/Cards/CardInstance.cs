namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>One card's state: its parameters, the values streamed into its keys, and whether streaming ended.</summary>
internal sealed class CardInstance(string outTrackId, string templateId, IReadOnlyDictionary<string, string> parameters, string? callbackType)
{
    private static readonly string[] TextKeys = ["content", "markdown", "text", "msgContent"];

    private readonly HashSet<string> _appliedGuids = new(StringComparer.Ordinal);

    public string OutTrackId { get; } = outTrackId;
    public string TemplateId { get; } = templateId;

    /// <summary>The create call's <c>callbackType</c>: only <c>STREAM</c> cards send their button clicks over the stream.</summary>
    public string? CallbackType { get; } = callbackType;

    public Dictionary<string, string> Parameters { get; } = new(parameters, StringComparer.Ordinal);
    public Dictionary<string, string> Streamed { get; } = new(StringComparer.Ordinal);
    public string? LastStreamedKey { get; set; }
    public bool Finalized { get; set; }
    public bool Failed { get; set; }
    public string? ConversationId { get; set; }

    /// <summary>Where the card was delivered (its first open space), as a button callback names it.</summary>
    public OpenSpace? Space { get; set; }

    /// <summary>Whether its buttons still work: a finalized or failed card is a finished answer.</summary>
    public bool IsLive => !Finalized && !Failed;

    /// <summary>What a person sees: the key streamed last, else the usual text parameters.</summary>
    public string Text
    {
        get
        {
            if (LastStreamedKey is not null) return Streamed[LastStreamedKey];
            foreach (var key in TextKeys)
                if (Parameters.TryGetValue(key, out var value)) return value;
            return "";
        }
    }

    /// <summary>
    /// Applies one streaming update. DingTalk documents <c>guid</c> as the update's idempotency key, so an update whose
    /// guid this card has already applied changes nothing (a retried PUT must not append twice).
    /// </summary>
    public void Stream(string? guid, string key, string content, bool isFull, bool isFinalize, bool isError)
    {
        if (!string.IsNullOrEmpty(guid) && !_appliedGuids.Add(guid)) return;
        Streamed[key] = isFull ? content : Streamed.GetValueOrDefault(key, Parameters.GetValueOrDefault(key, "")) + content;
        LastStreamedKey = key;
        // A non-final update reopens a finalized card (reported by gateways; unconfirmed by DingTalk's docs).
        Finalized = isFinalize;
        Failed = isError;
    }
}
