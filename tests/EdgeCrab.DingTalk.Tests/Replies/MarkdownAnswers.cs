using FsCheck;
using FsCheck.Fluent;

namespace EdgeCrab.DingTalk.Tests.Replies;

/// <summary>
/// Generators of markdown answers as models write them: paragraphs with inline markup, CJK and emoji, bare URLs and
/// links, headings glued to text, nested lists at various indentations, tables, quotes, fenced code (indented,
/// or left open at the end).
/// </summary>
internal static class MarkdownAnswers
{
    private static readonly string[] Words =
    [
        "the", "answer", "is", "DingTalk", "robot", "value", "42", "e.g.", "done!", "why?", "3.5", "x_y",
        "**bold**", "*italic*", "`inline code`", "`a | b`", "~~old~~", "[link](https://www.dingtalk.com/a)",
        "https://open.dingtalk.com/document/x", "(https://x.y/z_(1))", "https://a.b/c.", "<https://auto.link>",
        "你好", "钉钉机器人", "没有空格的中文句子。", "详见https://github.com/x/y。", "😀", "👍🏽", "✅", "-", "|", "#tag", "1.",
        "<think>", "a<b", "</div>",
    ];

    private static readonly string[] CodeLines =
    [
        "def f(x):", "    return x * 2", "# comment, not a heading", "- not a list", "| not | a table |", "|---|---|",
        "see https://x.y/z", "  indented", "", "console.log(`${a}`);", "~~~", "```js", "SELECT * FROM t; -- 中文",
    ];

    private static Gen<string> Text(int maxWords) =>
        from count in Gen.Choose(1, maxWords)
        from words in Gen.Elements(Words).ListOf(count)
        select string.Join(' ', words);

    private static Gen<string> Paragraph =>
        from lines in Text(10).ListOf().Where(l => l.Count is > 0 and <= 3)
        select string.Join('\n', lines);

    private static Gen<string> Heading =>
        from level in Gen.Choose(1, 4)
        from text in Text(5)
        select new string('#', level) + " " + text;

    private static Gen<string> ListItem(int unit) =>
        from depth in Gen.Frequency((5, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
        from marker in Gen.Elements("-", "*", "+", "1.", "2)", "10.")
        from text in Text(6)
        from continuation in Gen.Frequency((4, Gen.Constant("")), (1, Text(4).Select(t => "\n" + new string(' ', unit * (depth + 1)) + t)))
        select new string(' ', unit * depth) + marker + " " + text + continuation;

    private static Gen<string> List =>
        from unit in Gen.Elements(2, 3, 4)
        from intro in Gen.Elements("", "Steps:\n", "**Options**\n")
        from items in ListItem(unit).ListOf().Where(l => l.Count is > 0 and <= 6)
        from loose in Gen.Frequency((4, Gen.Constant("\n")), (1, Gen.Constant("\n\n")))
        select intro + string.Join(loose, items.Select((item, i) => i == 0 ? item.TrimStart() : item));

    private static Gen<string> Cell => Gen.Frequency((6, Text(3)), (1, Gen.Constant("")));

    private static Gen<string> Table =>
        from columns in Gen.Choose(1, 4)
        from headers in Text(2).ListOf(columns)
        from rows in Cell.ListOf(columns).ListOf().Where(r => r.Count <= 4)
        from outer in Gen.Elements(true, false)
        select string.Join('\n', new[] { Row(headers, outer), Row(headers.Select(_ => ":---"), outer) }
            .Concat(rows.Select(r => Row(r, outer))));

    private static string Row(IEnumerable<string> cells, bool outer) =>
        outer ? "| " + string.Join(" | ", cells) + " |" : string.Join(" | ", cells);

    private static Gen<string> Code =>
        from marker in Gen.Elements("```", "~~~", "````")
        from language in Gen.Elements("", "python", "js", "c#", "sql")
        from indent in Gen.Elements("", "", "  ", "    ")
        from lines in Gen.Elements(CodeLines).ListOf().Where(l => l.Count <= 8)
        from closed in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        select string.Concat(new[] { marker + language }.Concat(lines).Concat(closed ? [marker] : []).Select(l => indent + l + "\n")).TrimEnd('\n');

    private static Gen<string> Quote => Text(8).ListOf().Where(l => l.Count is > 0 and <= 2).Select(l => string.Join('\n', l.Select(t => "> " + t)));

    private static Gen<string> Block =>
        Gen.Frequency((6, Paragraph), (2, Heading), (4, List), (2, Table), (3, Code), (1, Quote), (1, Gen.Constant("---")));

    /// <summary>Answers of up to <paramref name="maxBlocks"/> blocks, glued by one newline or a blank line.</summary>
    public static Gen<string> Answer(int maxBlocks) =>
        from blocks in Block.ListOf().Where(b => b.Count > 0 && b.Count <= maxBlocks)
        from separators in Gen.Elements("\n", "\n\n", "\r\n").ListOf(blocks.Count)
        from final in Gen.Elements("", "\n")
        select string.Concat(blocks.Zip(separators, (b, s) => b + s)).TrimEnd('\r', '\n') + final;

    /// <summary>Strings made of markdown's sharp edges in any order: markers, fences, pipes, URLs, CJK, blank lines.</summary>
    public static Gen<string> Fragments =>
        from parts in Gen.Elements(
                "a", " ", "\n", "\n\n", "  ", "\t", "-", "- ", "* ", "1. ", "#", "# ", ">", "|", "|---|", "`", "```", "~~~",
                "```py\n", "**", "_", "[", "](", ")", "https://x.y/z", "。", "中", "😀", "◦", "\r\n", "    ", "---", "\\",
                "> - ", "1) ", "+ ", "===", "<think>", "</div>", "<https://a.b>", "![i](https://c.d)", "| a | b |\n|---|---|\n")
            .ListOf().Where(p => p.Count <= 60)
        select string.Concat(parts);
}
