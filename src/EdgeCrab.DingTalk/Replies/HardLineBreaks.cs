namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Ends a line with two spaces (a markdown hard break) when the next line continues the same paragraph, list item
/// or quote.
/// <para>
/// DingTalk's markdown message renderer joins lines separated by a single newline, as CommonMark does
/// (blinkbean/dingtalk#2, AstrBotDevs/AstrBot#4456); a model's "line\nline" answer would show as one run-on line.
/// Peers fix it the same way: two spaces before the newline (jxxghp/MoviePilot-Plugins#875,
/// soimy/openclaw-channel-dingtalk#335). Whether an AI card's renderer joins lines too is unknown, so cards are left as written.
/// </para>
/// </summary>
internal static class HardLineBreaks
{
    public static List<MarkdownLine> Apply(List<MarkdownLine> lines)
    {
        var result = new List<MarkdownLine>(lines);
        for (var i = 0; i + 1 < result.Count; i++)
        {
            if (result[i].IsCode || result[i].IsBlankProse || result[i + 1].IsCode || result[i + 1].IsBlankProse) continue;
            if (EndsBlock(result[i].Text) || StartsBlock(result[i + 1].Text)) continue;
            result[i] = MarkdownLine.Prose(Ended(result[i].Text));
        }
        return result;
    }

    /// <summary>The line with a hard break at its end, unless it already has one (two spaces or a backslash).</summary>
    public static string Ended(string line) =>
        line.EndsWith("  ") || line.EndsWith('\t') || line.EndsWith('\\') ? line : line.TrimEnd(' ') + "  ";

    // Lines that end themselves: nothing to break after them.
    private static bool EndsBlock(string line) =>
        MarkdownSyntax.IsAtxHeading(line) || MarkdownSyntax.IsThematicBreak(line);

    // Lines that start a block of their own, or that make the line above a heading ("Title\n---").
    private static bool StartsBlock(string line) =>
        MarkdownSyntax.IsAtxHeading(line) || MarkdownSyntax.IsSetextUnderline(line) || MarkdownSyntax.IsThematicBreak(line)
        || MarkdownListItem.Parse(line) is not null;
}
