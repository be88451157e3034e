namespace EdgeCrab.DingTalk.Replies;

/// <summary>Which DingTalk renderer a markdown answer is written for: the markdown message type or an AI card's markdown field.</summary>
public enum MarkdownTarget
{
    /// <summary>A markdown message (session webhook <c>msgtype: markdown</c>, robot API <c>sampleMarkdown</c>): DingTalk's documented subset.</summary>
    Message,

    /// <summary>An AI card's streamed markdown field, whose renderer shows tables (docs/markdown.md).</summary>
    Card,
}
