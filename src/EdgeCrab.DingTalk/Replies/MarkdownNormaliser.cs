namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// Rewrites a model's markdown answer into what DingTalk's renderer shows well, without losing, reordering or
/// changing a word, and never touching the inside of code blocks or inline code. Each rule, and the source that shows
/// the renderer's behaviour, is in docs/markdown.md. Normalising twice gives the same text as normalising once.
/// </summary>
public static class MarkdownNormaliser
{
    /// <summary>
    /// The answer rewritten for <paramref name="target"/>: fenced code dedented and closed, blank lines around
    /// headings, lists and tables, nested lists flattened, bare URLs linked; for a <see cref="MarkdownTarget.Message"/>
    /// also tables turned into lists, HTML tags in prose escaped and line breaks kept. An answer with no markdown at
    /// all (<see cref="IsPlainText"/>) is returned as it is for a message; for a card only its bare URLs are linked.
    /// </summary>
    public static string Normalise(string markdown, MarkdownTarget target)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.Replace("\r\n", "\n");
        if (IsPlainText(text) && (target == MarkdownTarget.Message || !text.Contains("://", StringComparison.Ordinal)))
            return markdown;

        // The final newline is not a line of its own: an unclosed fence is closed before it.
        var endsWithNewline = text.EndsWith('\n');
        var lines = FencedCodeRepair.Apply(endsWithNewline ? text[..^1] : text);
        if (target == MarkdownTarget.Message) lines = TableFlattening.Apply(lines);
        lines = NestedListFlattening.Apply(lines);
        lines = BlockSpacing.Apply(lines);
        lines = BareUrlLinking.Apply(lines);
        if (target == MarkdownTarget.Message)
        {
            lines = HtmlTagEscaping.Apply(lines);
            lines = HardLineBreaks.Apply(lines);
        }

        var normalised = string.Join('\n', lines.Select(line => line.Text));
        return endsWithNewline ? normalised + "\n" : normalised;
    }

    /// <summary>
    /// Whether the answer uses no markdown construct (bare URLs do not count). Such an answer reads best as a text
    /// message (<c>msgtype: text</c>), which keeps its line breaks as they are; as markdown, single newlines would be
    /// joined (docs/markdown.md).
    /// </summary>
    public static bool IsPlainText(string answer) => !MarkdownSyntax.HasMarkdown(answer.Replace("\r\n", "\n"));
}
