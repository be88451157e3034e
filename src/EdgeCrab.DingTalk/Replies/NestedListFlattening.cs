namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Keeps one level of list and writes deeper items as lines of their top-level item, each after a marker that
/// says its depth: "  - sub" under "- item" becomes "  ◦ sub" on its own line (a hard break ends the line before it).
/// <para>
/// DingTalk documents flat lists only (open.dingtalk.com robot markdown subset lists "- item" and "1. item");
/// nested lists render badly (adongguo/openclaw-dingtalk's DingTalk messaging guide; every indented line is shown flush
/// left, eryajf/chatgpt-dingtalk#213), so a sub-item reads as a sibling. Keeping the sub-items inside their parent
/// item, rather than making them items of their own, keeps an ordered list's numbering intact, and the marker keeps
/// the hierarchy visible: ◦ for the second level, ▪ for the third, ▫ below that.
/// </para>
/// Top-level items lose any indentation (1-3 spaces), and a continuation line of a list is indented to its
/// top-level item's text, so that no list line can be read as an indented code block once blank lines are added.
/// </summary>
internal static class NestedListFlattening
{
    /// <summary>Depth markers, from the second level down; every deeper level uses the last.</summary>
    public static readonly string[] DepthMarkers = ["◦", "▪", "▫"];

    public static List<MarkdownLine> Apply(List<MarkdownLine> lines)
    {
        var result = new List<MarkdownLine>(lines.Count);
        var levels = new List<int>();
        var contentOffset = 0;
        var afterBlank = false;
        foreach (var line in lines)
        {
            if (line.IsCode)
            {
                levels.Clear();
                result.Add(line);
                continue;
            }
            if (line.IsBlankProse)
            {
                afterBlank = true;
                result.Add(line);
                continue;
            }

            var item = MarkdownListItem.Parse(line.Text);
            if (item is null)
            {
                var indent = MarkdownSyntax.IndentColumns(line.Text);
                if (levels.Count > 0 && afterBlank && indent == 0) levels.Clear();
                result.Add(levels.Count > 0 && indent > 0 ? Indented(line.Text.TrimStart(' ', '\t'), contentOffset) : line);
            }
            else
            {
                var depth = Depth(levels, item.Indent);
                if (depth == 0)
                {
                    contentOffset = item.ContentOffset;
                    result.Add(MarkdownLine.Prose(line.Text.TrimStart(' ', '\t')));
                }
                else
                {
                    EndWithHardBreak(result);
                    var marker = DepthMarkers[Math.Min(depth, DepthMarkers.Length) - 1];
                    var number = item.IsOrdered ? item.Marker + " " : "";
                    result.Add(Indented($"{marker} {number}{item.Content}", contentOffset));
                }
            }
            afterBlank = false;
        }
        return result;
    }

    /// <summary>The item's depth in the current list (0 = top level), updating the indentation of each open level.</summary>
    private static int Depth(List<int> levels, int indent)
    {
        while (levels.Count > 1 && indent < levels[^1]) levels.RemoveAt(levels.Count - 1);
        if (levels.Count == 0) levels.Add(indent);
        else if (indent > levels[^1]) levels.Add(indent);
        else if (levels.Count == 1) levels[0] = indent;
        return levels.Count - 1;
    }

    private static MarkdownLine Indented(string text, int columns) => MarkdownLine.Prose(new string(' ', columns) + text);

    private static void EndWithHardBreak(List<MarkdownLine> result)
    {
        if (result.Count == 0 || result[^1].IsCode || result[^1].IsBlankProse) return;
        result[^1] = MarkdownLine.Prose(HardLineBreaks.Ended(result[^1].Text));
    }
}
