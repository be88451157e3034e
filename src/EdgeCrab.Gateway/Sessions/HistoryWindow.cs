namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// How much of the history the agent is sent: the newest entries, up to a count and a character budget, so a long
/// conversation never outgrows the model's context. The journal keeps all of it regardless.
/// </summary>
public sealed record HistoryWindow(int MaxEntries, int MaxChars)
{
    public static readonly HistoryWindow Default = new(60, 100_000);

    public IReadOnlyList<HistoryEntry> Select(IReadOnlyList<HistoryEntry> history)
    {
        var chars = 0;
        var first = history.Count;
        // Always keep the newest entry (the prompt), however long.
        while (first > 0 && history.Count - first < MaxEntries)
        {
            var length = history[first - 1].Text.Length;
            if (first < history.Count && chars + length > MaxChars) break;
            chars += length;
            first--;
        }
        return first == 0 ? history : history.Skip(first).ToArray();
    }
}
