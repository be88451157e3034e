namespace EdgeCrab.DingTalk.Replies;

/// <summary>Where a line's inline code spans are: a run of backticks up to the next run of the same length (CommonMark).</summary>
internal static class InlineCode
{
    /// <summary>The [Start, End) ranges of the code spans of <paramref name="line"/>, backticks included.</summary>
    public static List<(int Start, int End)> Spans(string line)
    {
        var spans = new List<(int Start, int End)>();
        for (var i = line.IndexOf('`'); i >= 0 && i < line.Length;)
        {
            if (line[i] != '`') { i++; continue; }
            var run = RunLength(line, i);
            var close = FindRun(line, i + run, run);
            if (close < 0) { i += run; continue; }
            spans.Add((i, close + run));
            i = close + run;
        }
        return spans;
    }

    public static bool Contains(List<(int Start, int End)> spans, int position) =>
        spans.Any(span => position >= span.Start && position < span.End);

    private static int RunLength(string line, int start)
    {
        var end = start;
        while (end < line.Length && line[end] == '`') end++;
        return end - start;
    }

    // A code span closes only on a run exactly as long as the one that opened it.
    private static int FindRun(string line, int from, int length)
    {
        for (var i = from; i < line.Length;)
        {
            if (line[i] != '`') { i++; continue; }
            var run = RunLength(line, i);
            if (run == length) return i;
            i += run;
        }
        return -1;
    }
}
