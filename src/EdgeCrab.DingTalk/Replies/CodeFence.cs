namespace EdgeCrab.DingTalk.Replies;

/// <summary>A markdown code fence line: its marker (``` or ~~~, three or more) and the language after it.</summary>
internal sealed record CodeFence(string Marker, string Language)
{
    /// <summary>Longer lines are never fences: it bounds what a chunk must reserve to reopen one.</summary>
    public const int MaxLineLength = 256;
    public const int MaxMarkerLength = 64;
    private const int MaxLanguageLength = 32;

    /// <summary>The line that reopens this fence. "~~~" with language "~x" must not become "~~~~x": a longer, other fence.</summary>
    public string OpeningLine => Marker + (Language.StartsWith(Marker[0]) ? " " : "") + Language + "\n";

    public string ClosingSuffix => "\n" + Marker;

    /// <summary>Reads a line (without its newline) as a fence, or null if it is not one.</summary>
    public static CodeFence? Parse(ReadOnlySpan<char> line)
    {
        if (line.Length > MaxLineLength) return null;
        var indent = 0;
        while (indent < line.Length && indent < 4 && line[indent] == ' ') indent++;
        if (indent > 3 || indent == line.Length) return null;
        var fenceChar = line[indent];
        if (fenceChar is not ('`' or '~')) return null;
        var end = indent;
        while (end < line.Length && line[end] == fenceChar) end++;
        var markerLength = end - indent;
        if (markerLength is < 3 or > MaxMarkerLength) return null;
        var info = line[end..].Trim();
        if (fenceChar == '`' && info.Contains('`')) return null;
        var language = info.IndexOfAny(' ', '\t') is var space and >= 0 ? info[..space] : info;
        if (language.Length > MaxLanguageLength) language = language[..MaxLanguageLength];
        return new CodeFence(new string(fenceChar, markerLength), language.ToString());
    }

    /// <summary>Whether <paramref name="line"/> closes this fence: same character, at least as long, nothing after it.</summary>
    public bool IsClosedBy(CodeFence line) =>
        line.Marker[0] == Marker[0] && line.Marker.Length >= Marker.Length && line.Language.Length == 0;
}
