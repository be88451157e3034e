namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Turns each GFM table into a list, one item per row, each cell labelled with its column's header:
/// "- **Name**: Alice; **Age**: 25".
/// <para>
/// DingTalk documents no tables for markdown messages (open.dingtalk.com robot markdown subset), and its mobile
/// client shows them as raw pipes (soimy/openclaw-channel-dingtalk#533, #192; AstrBotDevs/AstrBot#4746). A list is
/// in the documented subset and wraps on a narrow screen. Aligned text in a code block was the other choice and was
/// rejected: DingTalk's mobile client renders code blocks poorly (eryajf/chatgpt-dingtalk#209, #213), and columns of
/// CJK or emoji do not align in any font the client picks. hermes-agent made the same choice (NousResearch/hermes-agent#37278).
/// </para>
/// </summary>
internal static class TableFlattening
{
    public static List<MarkdownLine> Apply(List<MarkdownLine> lines)
    {
        var result = new List<MarkdownLine>(lines.Count);
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].IsCode || i + 1 >= lines.Count || lines[i + 1].IsCode
                || !MarkdownSyntax.StartsTable(lines[i].Text, lines[i + 1].Text))
            {
                result.Add(lines[i++]);
                continue;
            }

            var headers = MarkdownSyntax.TableCells(lines[i].Text);
            i += 2;
            var rows = new List<List<string>>();
            while (i < lines.Count && !lines[i].IsCode && !lines[i].IsBlankProse && MarkdownSyntax.IsTableRow(lines[i].Text))
                rows.Add(MarkdownSyntax.TableCells(lines[i++].Text));

            result.AddRange(Items(headers, rows).Select(MarkdownLine.Prose));
            // Without a gap, the line after the table would continue its last item.
            if (i < lines.Count && !lines[i].IsBlankProse && !lines[i].IsCode && MarkdownListItem.Parse(lines[i].Text) is null)
                result.Add(MarkdownLine.Prose(""));
        }
        return result;
    }

    private static IEnumerable<string> Items(List<string> headers, List<List<string>> rows)
    {
        if (rows.Count == 0)
        {
            yield return "- " + string.Join("; ", headers.Where(h => h.Length > 0).Select(Label));
            yield break;
        }

        // A header whose column is empty in every row would otherwise vanish with its words.
        var unused = Enumerable.Range(0, headers.Count)
            .Where(column => headers[column].Length > 0 && rows.All(row => column >= row.Count || row[column].Length == 0))
            .ToHashSet();
        for (var r = 0; r < rows.Count; r++)
        {
            var parts = new List<string>();
            for (var column = 0; column < Math.Max(headers.Count, rows[r].Count); column++)
            {
                var header = column < headers.Count ? headers[column] : "";
                var cell = column < rows[r].Count ? rows[r][column] : "";
                if (cell.Length > 0) parts.Add(header.Length > 0 ? $"{Label(header)}: {cell}" : cell);
                else if (r == 0 && unused.Contains(column)) parts.Add(Label(header));
            }
            if (parts.Count > 0) yield return "- " + string.Join("; ", parts);
        }
    }

    // A header the model already made bold stays as it is: "****Name****" would show its asterisks.
    private static string Label(string header) =>
        header.StartsWith("**") && header.EndsWith("**") && header.Length > 4 ? header : $"**{header}**";
}
