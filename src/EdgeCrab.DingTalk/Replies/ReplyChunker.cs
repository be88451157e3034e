namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Splits a reply into ordered chunks within <see cref="ReplyLimits"/>. A cut prefers, in the second half of the
/// room a chunk has, a paragraph break, then a line break, then the end of a sentence, then a space; only text with
/// none of these is cut mid-word, and never inside a surrogate pair or a fence line. A code block cut in two is
/// closed at the end of one chunk and reopened, with the same fence and language, at the start of the next.
/// </summary>
public sealed class ReplyChunker
{
    private readonly ReplyLimits _limits;

    public ReplyChunker(ReplyLimits limits)
    {
        if (limits.MaxChars < 1024 || limits.MaxUtf8Bytes < 4096)
            throw new ArgumentOutOfRangeException(nameof(limits), "a chunk must have room for at least 1,024 characters and 4,096 bytes");
        _limits = limits;
    }

    public static ReplyChunker ForDingTalk { get; } = new(ReplyLimits.DingTalk);

    public IReadOnlyList<ReplyChunk> Split(string text)
    {
        var chunks = new List<ReplyChunk>();
        if (text.Length == 0) return chunks;

        var layout = FenceLayout.Of(text);
        var closeReserve = 1 + layout.LongestMarker;
        var closeReserveBytes = DingTalkJson.ByteCount("\n") + layout.LongestMarker;
        var start = 0;
        while (start < text.Length)
        {
            var prefix = layout.OpenAt(start)?.OpeningLine ?? "";
            var prefixBytes = DingTalkJson.ByteCount(prefix);
            // The last chunk closes nothing, so it needs no room for a closing fence: text within the limits stays whole.
            if (FarthestEnd(text, start, _limits.MaxChars - prefix.Length, _limits.MaxUtf8Bytes - prefixBytes) == text.Length)
            {
                chunks.Add(new ReplyChunk(prefix + text[start..], start, text.Length - start));
                break;
            }

            var hardEnd = FarthestEnd(text, start, _limits.MaxChars - prefix.Length - closeReserve, _limits.MaxUtf8Bytes - prefixBytes - closeReserveBytes);
            var cut = layout.AvoidFenceLine(PreferredCut(text, start, hardEnd, layout), start);
            var body = text[start..cut];
            var suffix = layout.OpenAt(cut) is { } open ? (body.EndsWith('\n') ? open.Marker : open.ClosingSuffix) : "";
            chunks.Add(new ReplyChunk(prefix + body + suffix, start, cut - start));
            start = cut;
        }
        return chunks;
    }

    /// <summary>
    /// The largest end within both budgets that does not fall between the halves of a surrogate pair. Bytes are counted
    /// as the text will be written into JSON (<see cref="DingTalkJson.Width"/>), which is what DingTalk measures.
    /// </summary>
    private static int FarthestEnd(string text, int start, int roomChars, int roomBytes)
    {
        var end = start;
        var bytes = 0;
        while (end < text.Length && end - start < roomChars)
        {
            var width = DingTalkJson.Width(text, end, out var length);
            if (bytes + width > roomBytes || end + length - start > roomChars) break;
            bytes += width;
            end += length;
        }
        return end;
    }

    private static int PreferredCut(string text, int start, int hardEnd, FenceLayout layout)
    {
        var floor = start + (hardEnd - start) / 2;
        return LastCutAfter(text, floor, hardEnd, i => text[i] == '\n' && i > 0 && text[i - 1] == '\n')
            ?? LastCutAfter(text, floor, hardEnd, i => text[i] == '\n')
            ?? LastCutAfter(text, floor, hardEnd, i => IsSentenceEnd(text, i) && layout.IsSafeCut(i + 1))
            ?? LastCutAfter(text, floor, hardEnd, i => char.IsWhiteSpace(text[i]) && layout.IsSafeCut(i + 1))
            ?? HardCut(text, start, hardEnd, layout);
    }

    /// <summary>Mid-word: the last position at or before <paramref name="hardEnd"/> that splits no surrogate pair and no line into a fence.</summary>
    private static int HardCut(string text, int start, int hardEnd, FenceLayout layout)
    {
        for (var cut = hardEnd; cut > start; cut--)
            if (!(char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1])) && layout.IsSafeCut(cut))
                return cut;
        return hardEnd;
    }

    /// <summary>The last cut in (floor, hardEnd] that falls right after a character matching <paramref name="isBoundary"/>.</summary>
    private static int? LastCutAfter(string text, int floor, int hardEnd, Func<int, bool> isBoundary)
    {
        for (var i = hardEnd - 1; i >= floor; i--)
            if (isBoundary(i)) return i + 1;
        return null;
    }

    // CJK text has no spaces: its full stops are where a reader expects a break.
    private static bool IsSentenceEnd(string text, int i) =>
        text[i] is '。' or '！' or '？' or '；'
        || text[i] is '.' or '!' or '?' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]);
}
