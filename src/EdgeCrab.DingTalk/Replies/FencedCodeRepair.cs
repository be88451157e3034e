namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Finds the fenced code blocks of an answer, marks their lines as code, moves an indented block to column 0 and
/// closes a block the answer left open.
/// </summary>
internal static class FencedCodeRepair
{
    /// <summary>
    /// Splits <paramref name="text"/> into lines, with each fenced block dedented and closed.
    /// <para>
    /// Dedent: models put fences inside list items ("    ```" under "- item"); DingTalk's renderer shows every
    /// indented line flush left (eryajf/chatgpt-dingtalk#213) and its lists do not hold blocks (docs/markdown.md), so
    /// an indented fence becomes a top-level block. Each line loses at most the fence's own indentation, so the code
    /// keeps its relative indentation. A fence is recognised at any indentation, not only CommonMark's three spaces:
    /// under a list item deeper fences are still fences.
    /// </para>
    /// <para>
    /// Close: an answer cut short (length limit, /stop, error) can end inside a block; unclosed, the renderer shows
    /// the rest of the message as code, and the reply chunker (which reopens blocks per chunk) would carry it on.
    /// </para>
    /// </summary>
    public static List<MarkdownLine> Apply(string text)
    {
        var source = text.Split('\n');
        var lines = new List<MarkdownLine>(source.Length + 1);
        var i = 0;
        while (i < source.Length)
        {
            var indent = MarkdownSyntax.LeadingWhitespace(source[i]);
            if (CodeFence.Parse(source[i].AsSpan(indent)) is not { } open)
            {
                lines.Add(MarkdownLine.Prose(source[i++]));
                continue;
            }

            lines.Add(new MarkdownLine(source[i++][indent..], IsCode: true));
            var closed = false;
            while (i < source.Length && !closed)
            {
                var line = Dedent(source[i++], indent);
                closed = CodeFence.Parse(line) is { } fence && open.IsClosedBy(fence);
                lines.Add(new MarkdownLine(line, IsCode: true));
            }
            if (!closed) lines.Add(new MarkdownLine(open.Marker, IsCode: true));
        }
        return lines;
    }

    private static string Dedent(string line, int indent)
    {
        var remove = Math.Min(indent, MarkdownSyntax.LeadingWhitespace(line));
        return line[remove..];
    }
}
