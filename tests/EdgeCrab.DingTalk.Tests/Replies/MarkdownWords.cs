using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.DingTalk.Tests.Replies;

/// <summary>
/// The words of a markdown text, as a reader sees them: runs of ASCII letters and digits, and every other non-space
/// character on its own (a CJK character, an emoji half, "。"). ASCII punctuation is markup ("|", "-", "*", "[", "]",
/// "(", ")", ":", ";"), and so are the normaliser's depth markers: neither can be lost or added as a word.
/// </summary>
internal static class MarkdownWords
{
    public static List<string> Of(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
                words.Add(text[start..i]);
                continue;
            }
            if (c > 127 && !char.IsWhiteSpace(c) && !NestedListFlattening.DepthMarkers.Contains(c.ToString()))
                words.Add(c.ToString());
            i++;
        }
        return words;
    }

    /// <summary>
    /// The words outside table header rows: the normaliser repeats a header before each cell, so only these keep their
    /// order. A header row is a row of pipes followed by a delimiter row with as many cells, outside fenced code (GFM).
    /// </summary>
    public static List<string> OutsideTableHeaders(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var kept = new List<string>();
        CodeFence? open = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = CodeFence.Parse(lines[i].TrimStart(' ', '\t'));
            if (open is not null)
            {
                if (fence is not null && open.IsClosedBy(fence)) open = null;
            }
            else if (fence is not null)
                open = fence;
            else if (i + 1 < lines.Length && lines[i].Contains('|') && IsDelimiterRow(lines[i + 1]) && Cells(lines[i]) == Cells(lines[i + 1]))
                continue;
            kept.Add(lines[i]);
        }
        return Of(string.Join('\n', kept));
    }

    /// <summary>Whether <paramref name="expected"/> appears in <paramref name="actual"/> in order, other words allowed between.</summary>
    public static bool IsSubsequence(List<string> expected, List<string> actual)
    {
        var next = 0;
        foreach (var word in actual)
            if (next < expected.Count && expected[next] == word) next++;
        return next == expected.Count;
    }

    /// <summary>The words of <paramref name="expected"/> missing from <paramref name="actual"/>, counted with repeats.</summary>
    public static List<string> Missing(List<string> expected, List<string> actual)
    {
        var available = actual.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var missing = new List<string>();
        foreach (var word in expected)
        {
            if (available.TryGetValue(word, out var count) && count > 0) available[word] = count - 1;
            else missing.Add(word);
        }
        return missing;
    }

    private static bool IsDelimiterRow(string line) =>
        line.Contains('|') && Trimmed(line).Split('|').All(cell => cell.Trim() is { Length: > 0 } c && c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-'));

    private static int Cells(string line) => Trimmed(line).Split('|').Length;

    // "\|" is a pipe inside a cell, not a cell boundary.
    private static string Trimmed(string line)
    {
        var row = line.Replace("\\|", "\\!").Trim();
        if (row.StartsWith('|')) row = row[1..];
        if (row.EndsWith('|')) row = row[..^1];
        return row;
    }
}
