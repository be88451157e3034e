namespace EdgeCrab.Gateway.Sessions;

/// <summary>The short title a markdown message shows in DingTalk's chat list: the reply's first words.</summary>
public static class ReplyTitle
{
    private const int MaxLength = 24;

    public static string From(string text)
    {
        var firstLine = text.AsSpan().TrimStart();
        var end = firstLine.IndexOf('\n');
        if (end >= 0) firstLine = firstLine[..end];
        var title = firstLine.Trim().TrimStart("#>*-` ").ToString();
        if (title.Length == 0) return "EdgeCrab";
        // Never end on half of a surrogate pair.
        if (title.Length > MaxLength)
            title = title[..(char.IsHighSurrogate(title[MaxLength - 1]) ? MaxLength - 1 : MaxLength)] + "…";
        return title;
    }
}
