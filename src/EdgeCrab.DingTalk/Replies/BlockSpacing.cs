namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Puts a blank line before and after every heading, before the first item of a list and before a table.
/// <para>
/// DingTalk's renderer only starts a list, and reliably a heading, after a blank line: without one, "Steps:\n1. …"
/// is read as one paragraph (a DingTalk channel's normaliser in the code index, "to avoid DingTalk merging the list
/// item into the previous paragraph"; DingTalk's example, as reproduced in eryajf/chatgpt-dingtalk#78, puts a blank
/// line before each list). soimy/openclaw-channel-dingtalk inserts the same blank line before tables (commit fa06ddc,
/// "insert blank line before table for DingTalk rendering").
/// </para>
/// </summary>
internal static class BlockSpacing
{
    public static List<MarkdownLine> Apply(List<MarkdownLine> lines)
    {
        var result = new List<MarkdownLine>(lines.Count + 8);
        var inList = false;
        var afterBlank = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsCode)
            {
                inList = false;
                afterBlank = false;
                result.Add(line);
                continue;
            }
            if (line.IsBlankProse)
            {
                afterBlank = true;
                result.Add(line);
                continue;
            }

            var text = line.Text;
            var next = i + 1 < lines.Count && !lines[i + 1].IsCode ? lines[i + 1].Text : null;
            if (MarkdownSyntax.IsAtxHeading(text))
            {
                GapBefore(result);
                result.Add(line);
                if (i + 1 < lines.Count && !lines[i + 1].IsBlankProse) result.Add(MarkdownLine.Prose(""));
                inList = false;
                afterBlank = true;
                continue;
            }

            if (MarkdownListItem.Parse(text) is not null)
            {
                if (!inList) GapBefore(result);
                inList = true;
            }
            else if (MarkdownSyntax.StartsTable(text, next))
            {
                GapBefore(result);
                inList = false;
            }
            else if (inList && afterBlank && MarkdownSyntax.IndentColumns(text) == 0)
                inList = false;

            afterBlank = false;
            result.Add(line);
        }
        return result;
    }

    private static void GapBefore(List<MarkdownLine> result)
    {
        if (result.Count > 0 && !result[^1].IsBlankProse) result.Add(MarkdownLine.Prose(""));
    }
}
