namespace EdgeCrab.DingTalk.Replies;

/// <summary>One line of an answer, and whether it belongs to a fenced code block (fence lines included): such lines are never rewritten.</summary>
internal readonly record struct MarkdownLine(string Text, bool IsCode)
{
    public static MarkdownLine Prose(string text) => new(text, false);

    public bool IsBlankProse => !IsCode && MarkdownSyntax.IsBlank(Text);
}
