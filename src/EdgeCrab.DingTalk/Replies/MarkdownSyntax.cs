using System.Text.RegularExpressions;

namespace EdgeCrab.DingTalk.Replies;

/// <summary>How a single line of markdown reads (CommonMark/GFM block rules, as far as the normaliser needs them).</summary>
internal static partial class MarkdownSyntax
{
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>The number of leading space and tab characters.</summary>
    public static int LeadingWhitespace(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        return i;
    }

    /// <summary>The indentation in columns, a tab counting as four.</summary>
    public static int IndentColumns(string line)
    {
        var columns = 0;
        foreach (var c in line)
        {
            if (c == ' ') columns++;
            else if (c == '\t') columns += 4;
            else break;
        }
        return columns;
    }

    public static bool IsAtxHeading(string line) => AtxHeading().IsMatch(line);

    /// <summary>"---", "***", "___" (spaces allowed between): a horizontal rule, never a list item.</summary>
    public static bool IsThematicBreak(string line) => ThematicBreak().IsMatch(line);

    /// <summary>A line of only "=" or only "-": under a paragraph line it makes that line a heading.</summary>
    public static bool IsSetextUnderline(string line) => SetextUnderline().IsMatch(line);

    public static bool IsQuote(string line) => line.TrimStart(' ').StartsWith('>');

    public static bool IsTableRow(string line) => IndexOfUnescapedPipe(line) >= 0;

    /// <summary>GFM's delimiter row: cells of dashes with optional colons, at least one pipe.</summary>
    public static bool IsTableSeparator(string line) =>
        IsTableRow(line) && TableCells(line) is { Count: > 0 } cells && cells.All(cell => SeparatorCell().IsMatch(cell));

    /// <summary>A table's first row: a row followed by a delimiter row with as many cells (GFM requires both to match).</summary>
    public static bool StartsTable(string line, string? next) =>
        next is not null && IsTableRow(line) && IsTableSeparator(next) && TableCells(line).Count == TableCells(next).Count;

    /// <summary>The trimmed cells of a table row; the outer pipes are optional, "\|" is a pipe inside a cell.</summary>
    public static List<string> TableCells(string line)
    {
        var row = line.Trim();
        if (row.StartsWith('|')) row = row[1..];
        if (row.EndsWith('|') && !row.EndsWith("\\|")) row = row[..^1];
        var cells = new List<string>();
        var start = 0;
        for (int pipe; (pipe = IndexOfUnescapedPipe(row, start)) >= 0; start = pipe + 1)
            cells.Add(row[start..pipe].Trim());
        cells.Add(row[start..].Trim());
        return cells;
    }

    private static int IndexOfUnescapedPipe(string text, int start = 0)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == '|') return i;
        }
        return -1;
    }

    /// <summary>
    /// Whether the text uses any markdown construct a renderer would act on. Bare URLs do not count: a text message
    /// shows them as they are.
    /// </summary>
    public static bool HasMarkdown(string text)
    {
        if (InlineMarkup().IsMatch(text)) return true;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsAtxHeading(line) || IsThematicBreak(line) || IsQuote(line) || MarkdownListItem.Parse(line) is not null
                || CodeFence.Parse(line.TrimStart(' ', '\t')) is not null
                || StartsTable(line, i + 1 < lines.Length ? lines[i + 1] : null))
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t]|$)")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^ {0,3}(?:=+|-+)[ \t]*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex SeparatorCell();

    // Emphasis, strikethrough, inline code, links and images.
    [GeneratedRegex(@"\*\*|__|~~|`|\]\(|(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])")]
    private static partial Regex InlineMarkup();
}
