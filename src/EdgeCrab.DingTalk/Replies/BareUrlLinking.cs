using System.Text;
using System.Text.RegularExpressions;

namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Writes a bare http(s) URL as a link to itself: "see https://x.y/z." becomes "see [https://x.y/z](https://x.y/z).".
/// <para>
/// An AI card's renderer does not link bare URLs (DingTalk-Real-AI/dingtalk-openclaw-connector#230, merged into #506);
/// DingTalk documents only "[text](url)" links for markdown messages, and no source shows it linking bare URLs there,
/// so both targets get explicit links. URLs inside inline code, links, images and &lt;autolinks&gt; are left alone.
/// A URL ends at whitespace, at the first non-ASCII character (a model writes "详见https://x.y/z。" with no space) and
/// before trailing punctuation.
/// </para>
/// </summary>
internal static partial class BareUrlLinking
{
    public static List<MarkdownLine> Apply(List<MarkdownLine> lines) =>
        lines.Select(line => line.IsCode ? line : MarkdownLine.Prose(Link(line.Text))).ToList();

    public static string Link(string line)
    {
        if (!line.Contains("://", StringComparison.Ordinal)) return line;
        var untouchable = Untouchable(line);
        var result = new StringBuilder(line.Length + 32);
        var copied = 0;
        foreach (Match match in BareUrl().Matches(line))
        {
            if (match.Index < copied || InlineCode.Contains(untouchable, match.Index)) continue;
            // Inside an attribute, a path or a word ("seehttps://…"), the URL is not the reader's.
            if (match.Index > 0 && (line[match.Index - 1] is '"' or '\'' or '=' or '<' or '/' || char.IsAsciiLetterOrDigit(line[match.Index - 1]))) continue;
            var url = TrimTrailingPunctuation(match.Value);
            if (url.Length <= "https://".Length) continue;
            result.Append(line, copied, match.Index - copied).Append('[').Append(url).Append("](").Append(url).Append(')');
            copied = match.Index + url.Length;
        }
        return copied == 0 ? line : result.Append(line, copied, line.Length - copied).ToString();
    }

    private static string TrimTrailingPunctuation(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var c = url[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '*' or '_' or '~' or '\'') end--;
            else if (c == ')' && Count(url, '(', end) < Count(url, ')', end)) end--;
            else break;
        }
        return url[..end];
    }

    private static int Count(string text, char c, int end) => text.AsSpan(0, end).Count(c);

    /// <summary>Inline code spans, links, images and autolinks: their text is kept exactly.</summary>
    private static List<(int Start, int End)> Untouchable(string line)
    {
        var spans = InlineCode.Spans(line);
        foreach (Match link in LinkOrAutolink().Matches(line)) spans.Add((link.Index, link.Index + link.Length));
        return spans;
    }

    [GeneratedRegex(@"https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+")]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"!?\[[^\]]*\]\([^)\s]*(?:\s+""[^""]*"")?\)|<https?://[^>\s]+>")]
    private static partial Regex LinkOrAutolink();
}
