namespace EdgeCrab.DingTalk.Replies;

/// <summary>Where the lines of a text are and which code fence, if any, is open at the start of each.</summary>
internal sealed class FenceLayout
{
    private readonly string _text;
    private readonly int[] _lineStarts;
    private readonly CodeFence?[] _openBefore;
    private readonly bool[] _isFenceLine;

    private FenceLayout(string text, int[] lineStarts, CodeFence?[] openBefore, bool[] isFenceLine, int longestMarker)
    {
        _text = text;
        _lineStarts = lineStarts;
        _openBefore = openBefore;
        _isFenceLine = isFenceLine;
        LongestMarker = longestMarker;
    }

    public int LongestMarker { get; }

    public static FenceLayout Of(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n' && i + 1 < text.Length) starts.Add(i + 1);

        var openBefore = new CodeFence?[starts.Count];
        var isFence = new bool[starts.Count];
        CodeFence? open = null;
        var longest = 3;
        for (var line = 0; line < starts.Count; line++)
        {
            openBefore[line] = open;
            var end = line + 1 < starts.Count ? starts[line + 1] - 1 : text.Length;
            if (end > starts[line] && text[end - 1] == '\n') end--;
            if (CodeFence.Parse(text.AsSpan(starts[line], end - starts[line])) is not { } fence) continue;
            if (open is null) open = fence;
            else if (open.IsClosedBy(fence)) open = null;
            else continue;
            isFence[line] = true;
            longest = Math.Max(longest, fence.Marker.Length);
        }
        return new FenceLayout(text, starts.ToArray(), openBefore, isFence, longest);
    }

    /// <summary>The fence open at <paramref name="position"/> (a line start, or inside a line that is not a fence line).</summary>
    public CodeFence? OpenAt(int position) => _openBefore[LineOf(position)];

    /// <summary>Moves a cut that falls inside a fence line to that line's start, or past its end when it is the chunk's first line.</summary>
    public int AvoidFenceLine(int cut, int chunkStart)
    {
        var line = LineOf(cut);
        if (!_isFenceLine[line] || cut == _lineStarts[line]) return cut;
        if (_lineStarts[line] > chunkStart) return _lineStarts[line];
        var next = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _text.Length;
        return next;
    }

    /// <summary>
    /// Whether a cut at <paramref name="cut"/> leaves both chunks reading as the text does. A line cut in two becomes
    /// the last line of one chunk and the first of the next, and either half may look like a fence on its own
    /// ("see ``` below" cut after "see ").
    /// </summary>
    public bool IsSafeCut(int cut)
    {
        var line = LineOf(cut);
        var lineStart = _lineStarts[line];
        if (cut == lineStart) return true;
        if (_isFenceLine[line]) return false;
        var lineEnd = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] - 1 : _text.Length;
        if (lineEnd > lineStart && _text[lineEnd - 1] == '\n') lineEnd--;
        var open = _openBefore[line];
        return cut >= lineEnd
            || !ActsAsFence(_text.AsSpan(lineStart, cut - lineStart), open) && !ActsAsFence(_text.AsSpan(cut, lineEnd - cut), open);
    }

    // A line inside a block only matters if it closes that block; outside one, any fence opens a block.
    private static bool ActsAsFence(ReadOnlySpan<char> line, CodeFence? open) =>
        CodeFence.Parse(line) is { } fence && (open is null || open.IsClosedBy(fence));

    private int LineOf(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        return index >= 0 ? index : ~index - 1;
    }
}
