namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>One card's state: its parameters, the values streamed into its keys, and whether streaming ended.</summary>
internal sealed class CardInstance(string outTrackId, string templateId, IReadOnlyDictionary<string, string> parameters)
{
    private static readonly string[] TextKeys = ["content", "markdown", "text", "msgContent"];

    public string OutTrackId { get; } = outTrackId;
    public string TemplateId { get; } = templateId;
    public Dictionary<string, string> Parameters { get; } = new(parameters, StringComparer.Ordinal);
    public Dictionary<string, string> Streamed { get; } = new(StringComparer.Ordinal);
    public string? LastStreamedKey { get; set; }
    public bool Finalized { get; set; }
    public bool Failed { get; set; }
    public string? ConversationId { get; set; }

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

    public void Stream(string key, string content, bool isFull, bool isFinalize, bool isError)
    {
        Streamed[key] = isFull ? content : Streamed.GetValueOrDefault(key, Parameters.GetValueOrDefault(key, "")) + content;
        LastStreamedKey = key;
        // A non-final update reopens a finalized card (reported by gateways; unconfirmed by DingTalk's docs).
        Finalized = isFinalize;
        Failed = isError;
    }
}
