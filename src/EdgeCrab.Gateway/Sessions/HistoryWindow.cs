using System.Collections.Immutable;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// How much of the history the agent is sent: the newest entries, up to a count and a character budget, so a long
/// conversation never outgrows the model's context. The journal keeps all of it regardless.
/// </summary>
public sealed record HistoryWindow(int MaxEntries, int MaxChars)
{
    /// <summary>
    /// The newest entries a session keeps beyond what a window takes: <c>/retry</c> and an interrupted turn remove the
    /// last turn (its user line and answer), and the window must still be full after that.
    /// </summary>
    private const int ReplacedTurn = 2;

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

    /// <summary>
    /// What a session must keep in memory so that this window is never short, even once the last turn is removed:
    /// the newest turn, and before it as many entries as <see cref="Select"/> could take. So memory and snapshots
    /// stay bounded however long the conversation; the journal keeps everything.
    /// </summary>
    public ImmutableArray<HistoryEntry> Keep(ImmutableArray<HistoryEntry> history)
    {
        var first = Math.Max(0, history.Length - ReplacedTurn);
        var chars = 0;
        while (first > 0 && history.Length - first < MaxEntries + ReplacedTurn)
        {
            var length = history[first - 1].Text.Length;
            // Select stops at the first entry over its budget, so nothing older is ever needed.
            if (chars + length > MaxChars) break;
            chars += length;
            first--;
        }
        return first == 0 ? history : history.RemoveRange(0, first);
    }
}
