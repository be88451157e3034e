namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// A list item line: its indentation in columns, its marker ("-", "*", "+", "3." or "3)") and the text after it.
/// Ordered markers have at most three digits: "2024. was a good year" starts a sentence, not a list.
/// </summary>
internal sealed record MarkdownListItem(int Indent, string Marker, string Content)
{
    private const int MaxOrderedDigits = 3;

    public bool IsOrdered => char.IsAsciiDigit(Marker[0]);

    /// <summary>Where the item's text starts when the marker sits at column 0: where its continuation lines belong.</summary>
    public int ContentOffset => Marker.Length + 1;

    public static MarkdownListItem? Parse(string line)
    {
        if (MarkdownSyntax.IsThematicBreak(line)) return null;
        var start = MarkdownSyntax.LeadingWhitespace(line);
        if (start == line.Length) return null;

        int end;
        if (line[start] is '-' or '*' or '+')
            end = start + 1;
        else
        {
            end = start;
            while (end < line.Length && char.IsAsciiDigit(line[end]) && end - start < MaxOrderedDigits + 1) end++;
            if (end == start || end - start > MaxOrderedDigits || end == line.Length || line[end] is not ('.' or ')')) return null;
            end++;
        }
        if (end < line.Length && line[end] is not (' ' or '\t')) return null;

        var content = end < line.Length ? line[(end + 1)..] : "";
        return new MarkdownListItem(MarkdownSyntax.IndentColumns(line), line[start..end], content);
    }
}
