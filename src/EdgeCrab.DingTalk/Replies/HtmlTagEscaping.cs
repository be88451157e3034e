using System.Text.RegularExpressions;

namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Writes the "&lt;" of an HTML-like tag in prose as "&amp;lt;": "the &lt;think&gt; tag" stays readable text.
/// <para>
/// DingTalk's mobile client shows a markdown message that contains HTML as a blank message, and its desktop client
/// renders the HTML (eryajf/chatgpt-dingtalk#213, which fixed it by escaping the tags). Models mention tags in prose
/// ("&lt;think&gt;", "&lt;div&gt;") all the time. Autolinks (&lt;https://…&gt;) and inline code are left alone, and so is
/// fenced code, although #213 reports the desktop client rendering HTML even there (docs/markdown.md).
/// </para>
/// </summary>
internal static partial class HtmlTagEscaping
{
    public static List<MarkdownLine> Apply(List<MarkdownLine> lines) =>
        lines.Select(line => line.IsCode || !line.Text.Contains('<') ? line : MarkdownLine.Prose(Escape(line.Text))).ToList();

    private static string Escape(string line)
    {
        var code = InlineCode.Spans(line);
        return TagStart().Replace(line, match => InlineCode.Contains(code, match.Index) ? match.Value : "&lt;");
    }

    // "<" before a tag name, "</", "<!" (comments, doctype) or "<?"; not an autolink such as <https://x.y> or <a@b.c>.
    [GeneratedRegex(@"<(?=[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|[/!?])")]
    private static partial Regex TagStart();
}
