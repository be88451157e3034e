using FsCheck;
using FsCheck.Fluent;

namespace EdgeCrab.DingTalk.Tests.Replies;

/// <summary>Generators of agent-like answers: prose, CJK, emoji, fenced code, blank lines and long unbroken runs.</summary>
internal static class ReplyText
{
    private static readonly string[] Words =
    [
        "the", "answer", "is", "a", "function", "that", "returns", "value", "DingTalk", "robot", "chunk",
        "end.", "why?", "done!", "however,", "`inline`", "`x`", "e.g.", "(see", "below)", "-", "*", "1.", "#",
    ];

    private static readonly string[] CjkSentences =
    [
        "你好，世界。", "这是一个测试！", "为什么？", "钉钉机器人回复；", "代码如下", "请稍候。", "中文没有空格所以句号是断点。",
    ];

    private static readonly string[] Emoji = ["😀", "🚀", "👍🏽", "🇨🇳", "❤️", "𠜎"];

    // Tokens that look like fences when a line starts with them: cut before them and they would open a block.
    private static readonly string[] Tricky = ["```", "~~~", "```js", "~~~~ x", "`` `"];

    private static readonly string[] Languages = ["", "python", "js", "c#", "bash", "json", "中文"];

    private static readonly string[] CodeLines =
    [
        "def f(x):", "    return x * 2", "print(\"你好\")", "for i in range(10): pass", "", "  # comment 😀",
        "const a = `template`;", "~~~", "```js", "}", "x = [1, 2, 3]",
    ];

    private static Gen<string> Word =>
        Gen.Frequency(
            (12, Gen.Elements(Words)),
            (4, Gen.Elements(CjkSentences)),
            (3, Gen.Elements(Emoji)),
            (1, Gen.Elements(Tricky)));

    private static Gen<string> Separator => Gen.Frequency((14, Gen.Constant(" ")), (2, Gen.Constant("\n")), (1, Gen.Constant("  ")));

    private static Gen<string> Prose(int maxWords) =>
        from count in Gen.Choose(1, maxWords)
        from words in Gen.ListOf(Word, count)
        from seps in Gen.ListOf(Separator, count)
        select string.Concat(words.Zip(seps, (w, s) => w + s)).TrimEnd(' ');

    private static Gen<string> CodeBlock(int maxLines) =>
        from marker in Gen.Elements("```", "~~~", "````")
        from language in Gen.Elements(Languages)
        from count in Gen.Choose(0, maxLines)
        from lines in Gen.ListOf(Gen.Elements(CodeLines), count)
        select marker + language + "\n" + string.Concat(lines.Select(l => l + "\n")) + marker;

    private static Gen<string> Run(int maxLength) =>
        from unit in Gen.Elements("a", "x1", "中", "😀", "é", "-")
        from length in Gen.Choose(1, maxLength)
        select string.Concat(Enumerable.Repeat(unit, Math.Max(1, length / unit.Length)));

    private static Gen<string> Block(int scale) =>
        Gen.Frequency(
            (6, Prose(scale / 4)),
            (3, CodeBlock(scale / 10)),
            (1, Run(scale * 3)));

    private static Gen<string> BlockSeparator => Gen.Elements("\n", "\n\n", "\n\n\n", " ");

    /// <summary>Answers of up to <paramref name="maxBlocks"/> blocks; <paramref name="scale"/> sets how large a block gets.</summary>
    public static Gen<string> Answer(int maxBlocks, int scale) =>
        from count in Gen.Choose(1, maxBlocks)
        from blocks in Gen.ListOf(Block(scale), count)
        from seps in Gen.ListOf(BlockSeparator, count)
        select string.Concat(blocks.Zip(seps, (b, s) => b + s));

    /// <summary>A few long answers, several limits over <see cref="ReplyLimits.DingTalk"/> (up to about 40k chars).</summary>
    public static Arbitrary<string> Large => Answer(40, 1000).Where(t => t.Length <= 45_000).ToArbitrary();

    /// <summary>Many answers around the small limits' size.</summary>
    public static Arbitrary<string> Small => Answer(25, 300).ToArbitrary();
}
