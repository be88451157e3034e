using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.DingTalk.Tests.Replies;

/// <summary>Reads a text's code fences line by line, with <see cref="CodeFence"/>'s rules, the way a markdown renderer does.</summary>
internal static class Fences
{
    /// <summary>The fence still open after the whole text, or null when every block is closed.</summary>
    public static CodeFence? OpenAtEnd(string text) => OpenAfterLines(text, text.Length);

    /// <summary>The fence open at the start of the line that contains <paramref name="position"/>.</summary>
    public static CodeFence? OpenAtLineOf(string text, int position)
    {
        var lineStart = position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
        return OpenAfterLines(text, lineStart);
    }

    // Reads the complete lines of text[..end] (a trailing partial line counts as a line only when end is the text's end).
    private static CodeFence? OpenAfterLines(string text, int end)
    {
        CodeFence? open = null;
        var start = 0;
        while (start < end)
        {
            var newline = text.IndexOf('\n', start, end - start);
            if (newline < 0 && end < text.Length) break;
            var lineEnd = newline < 0 ? end : newline;
            if (CodeFence.Parse(text.AsSpan(start, lineEnd - start)) is { } fence)
            {
                if (open is null) open = fence;
                else if (open.IsClosedBy(fence)) open = null;
            }
            start = lineEnd + 1;
        }
        return open;
    }
}
