using System.Text.RegularExpressions;
using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.DingTalk.Tests.Replies;

/// <summary>The normaliser on answers written by real models (RealAnswers/SOURCES.md says where each comes from).</summary>
public sealed partial class MarkdownNormaliserSpecs
{
    private static readonly string[] RealAnswerFiles =
    [
        "chatgpt-sample-markdown-document.md",
        "deepseek-ollama-formatting-zh.md",
        "deepseek-r1-joke-zh.md",
        "gpt-4o-mtbench-123-joke-page-html.md",
        "gpt-4o-mtbench-125-highest-common-ancestor.md",
        "gpt-4o-mtbench-138-phone-ratings.md",
        "gpt-4o-mtbench-140-closing-prices.md",
    ];

    public static TheoryData<string, MarkdownTarget> EveryRealAnswer()
    {
        var data = new TheoryData<string, MarkdownTarget>();
        foreach (var file in RealAnswerFiles)
        {
            data.Add(file, MarkdownTarget.Message);
            data.Add(file, MarkdownTarget.Card);
        }
        return data;
    }

    private static string RealAnswer(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replies", "RealAnswers", file));

    [Fact]
    public void Real_answers_should_all_be_in_the_test_output_with_their_source()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Replies", "RealAnswers");
        var sources = File.ReadAllText(Path.Combine(folder, "SOURCES.md"));

        Assert.Equal(RealAnswerFiles, Directory.GetFiles(folder, "*.md").Select(Path.GetFileName).Where(f => f != "SOURCES.md").Order());
        Assert.All(RealAnswerFiles, file => Assert.Contains($"`{file}`", sources));
    }

    [Theory]
    [MemberData(nameof(EveryRealAnswer))]
    public void Normalise_should_keep_every_word_of_a_real_answer_in_order(string file, MarkdownTarget target) =>
        MarkdownNormaliserProperties.AssertWordsKept(RealAnswer(file), target);

    [Theory]
    [MemberData(nameof(EveryRealAnswer))]
    public void Normalise_should_be_idempotent_on_a_real_answer(string file, MarkdownTarget target) =>
        MarkdownNormaliserProperties.AssertIdempotent(RealAnswer(file), target);

    [Theory]
    [MemberData(nameof(EveryRealAnswer))]
    public void Normalise_should_leave_a_real_answer_with_balanced_fences_in_every_chunk(string file, MarkdownTarget target) =>
        MarkdownNormaliserProperties.AssertChunksBalanced(MarkdownNormaliser.Normalise(RealAnswer(file), target));

    [Theory]
    [MemberData(nameof(EveryRealAnswer))]
    public void Normalise_should_leave_no_nested_list_item_in_a_real_answer(string file, MarkdownTarget target) =>
        Assert.Empty(NestedListItems(MarkdownNormaliser.Normalise(RealAnswer(file), target)));

    [Fact]
    public void Normalise_should_turn_the_chatgpt_table_into_one_item_per_row_for_a_message()
    {
        var answer = RealAnswer("chatgpt-sample-markdown-document.md");

        var normalised = Message(answer);

        Assert.Contains(Lines(
            "Here's a table:",
            "",
            "- **Name**: Alice; **Age**: 25",
            "- **Name**: Bob; **Age**: 30",
            "- **Name**: Carol; **Age**: 35",
            "",
            "## Equation"), normalised);
        Assert.DoesNotContain(normalised.Split('\n'), line => line.StartsWith('|'));
        Assert.Contains(Between(answer, "```python\n", "\n```"), normalised);
    }

    [Fact]
    public void Normalise_should_keep_the_chatgpt_table_for_a_card()
    {
        var answer = RealAnswer("chatgpt-sample-markdown-document.md");

        Assert.Contains(Lines("| Name  | Age |", "| ----- | --- |", "| Alice | 25  |", "| Bob   | 30  |", "| Carol | 35  |"), Card(answer));
    }

    [Fact]
    public void Normalise_should_flatten_the_gpt_4o_pros_and_cons_under_their_numbered_phone()
    {
        var answer = RealAnswer("gpt-4o-mtbench-138-phone-ratings.md");

        var normalised = Message(answer);

        Assert.Contains(Lines(
            "### Analysis:",
            "",
            "1. **iPhone:**  ",
            "   ◦ **Pros:** Stunning engineering, top-tier performance, excellent camera quality.  ",
            "   ◦ **Cons:** Incremental design, high price, lacks 'wow' factor.  ",
            "   ◦ **Overall:** Despite some criticisms"), normalised);
        Assert.Contains("\n2. **Samsung Galaxy:**  \n", normalised);
        Assert.Contains("\n3. **Google Pixel:**  \n", normalised);
        Assert.Contains(Between(answer, "```json\n", "\n```"), normalised);
    }

    [Fact]
    public void Normalise_should_flatten_each_month_of_the_gpt_4o_breakdown_and_keep_both_csv_blocks()
    {
        var answer = RealAnswer("gpt-4o-mtbench-140-closing-prices.md");

        var normalised = Message(answer);

        Assert.Equal(9, normalised.Split('\n').Count(line => line.StartsWith("  ◦ ")));
        Assert.Contains(Lines("- **February 2022**:  ", "  ◦ Closing prices: 161.80, 163.90  ", "  ◦ Highest Close: 163.90  ", "  ◦ Lowest Close: 161.80"), normalised);
        var csv = "```csv\n" + Between(answer, "```csv\n", "\n```") + "\n```";
        Assert.Equal(2, Regex.Matches(normalised, Regex.Escape(csv)).Count);
    }

    [Fact]
    public void Normalise_should_separate_the_gpt_4o_headings_from_their_lists_and_leave_python_comments_alone()
    {
        var answer = RealAnswer("gpt-4o-mtbench-125-highest-common-ancestor.md");

        var normalised = Message(answer);

        Assert.Contains("### Explanation:\n\n1. **TreeNode Class**", normalised);
        Assert.Contains("### Steps:\n\n1. **Find Paths**", normalised);
        var code = Between(answer, "```python\n", "\n```");
        Assert.Contains("    # Base Case\n", code);
        Assert.Contains(code, normalised);
    }

    [Theory]
    [InlineData("gpt-4o-mtbench-123-joke-page-html.md")]
    [InlineData("deepseek-r1-joke-zh.md")]
    public void Normalise_should_leave_a_real_answer_that_already_renders_well_as_it_is(string file)
    {
        var answer = RealAnswer(file);

        Assert.Equal(answer, Message(answer));
        Assert.Equal(answer, Card(answer));
    }

    [Fact]
    public void Normalise_should_lift_the_deepseek_code_block_out_of_its_list_item_and_keep_its_lines()
    {
        var answer = RealAnswer("deepseek-ollama-formatting-zh.md");

        var normalised = Message(answer);

        Assert.Contains("- **可能使用 Markdown**：  \n  ◦ 虽然 DeepSeek-R1 主要以 `<think>` 标签来展示推理过程", normalised);
        Assert.Contains("\n  ◦ 例如，如果你问模型如何编写一个列表，它可能会输出：\n```\n", normalised);
        Assert.Contains(Lines(
            "```",
            "<think>这个问题需要我展示如何使用Markdown语法来创建一个列表...</think>",
            "",
            "- 第一项",
            "- 第二项",
            "- 第三项",
            "```"), normalised);
        Assert.Contains("任何格式化（如 &lt;think> 标签）", normalised);
        Assert.Contains("会在其输出中包含 `<think>` 标签", normalised);
        Assert.Contains("任何格式化（如 <think> 标签）", Card(answer));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    // Indented list items outside fenced code: what DingTalk would show as flat siblings.
    private static List<string> NestedListItems(string text)
    {
        var items = new List<string>();
        CodeFence? open = null;
        foreach (var line in text.Split('\n'))
        {
            if (CodeFence.Parse(line) is { } fence)
            {
                if (open is null) open = fence;
                else if (open.IsClosedBy(fence)) open = null;
                continue;
            }
            if (open is null && Regex.IsMatch(line, @"^[ \t]+(?:[-*+]|\d{1,3}[.)])(?:[ \t]|$)")) items.Add(line);
        }
        return items;
    }
}
