using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.DingTalk.Tests.Replies;

public sealed partial class MarkdownNormaliserSpecs
{
    private static string Message(string markdown) => MarkdownNormaliser.Normalise(markdown, MarkdownTarget.Message);

    private static string Card(string markdown) => MarkdownNormaliser.Normalise(markdown, MarkdownTarget.Card);

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    // --- plain text ---

    [Theory]
    [InlineData("Hello, how can I help you today?")]
    [InlineData("第一行\n第二行\n\n第三段。😀")]
    [InlineData("Price: 3 * 4 = 12, and 5 - 2 = 3.\n2024. A year to remember")]
    [InlineData("See https://open.dingtalk.com/document for details.")]
    public void Normalise_should_return_plain_text_unchanged_for_a_message(string text)
    {
        Assert.True(MarkdownNormaliser.IsPlainText(text));
        Assert.Same(text, Message(text));
    }

    [Fact]
    public void Normalise_should_return_plain_text_without_links_unchanged_for_a_card()
    {
        const string text = "第一行\n第二行，没有链接。";

        Assert.Same(text, Card(text));
    }

    [Theory]
    [InlineData("**bold**")]
    [InlineData("use `npm install`")]
    [InlineData("# Title")]
    [InlineData("- item")]
    [InlineData("> quoted")]
    [InlineData("[DingTalk](https://www.dingtalk.com)")]
    [InlineData("```\ncode\n```")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |")]
    public void IsPlainText_should_be_false_for_any_markdown_construct(string text) =>
        Assert.False(MarkdownNormaliser.IsPlainText(text));

    // --- blank lines around blocks ---

    [Fact]
    public void Normalise_should_put_a_blank_line_before_a_list_that_follows_a_paragraph()
    {
        var normalised = Message(Lines("**Steps:**", "1. Install", "2. Run"));

        Assert.Equal(Lines("**Steps:**", "", "1. Install", "2. Run"), normalised);
    }

    [Fact]
    public void Normalise_should_not_split_a_list_whose_item_continues_on_the_next_line()
    {
        var normalised = Card(Lines("Intro", "", "- first item", "  continued", "- second item"));

        Assert.Equal(Lines("Intro", "", "- first item", "  continued", "- second item"), normalised);
    }

    [Fact]
    public void Normalise_should_put_blank_lines_around_a_heading()
    {
        var normalised = Card(Lines("Some text", "## Heading", "More text"));

        Assert.Equal(Lines("Some text", "", "## Heading", "", "More text"), normalised);
    }

    [Fact]
    public void Normalise_should_put_a_blank_line_between_a_heading_and_a_code_block()
    {
        var normalised = Card(Lines("### Example", "```js", "f()", "```"));

        Assert.Equal(Lines("### Example", "", "```js", "f()", "```"), normalised);
    }

    [Fact]
    public void Normalise_should_put_a_blank_line_before_a_table_kept_in_a_card()
    {
        var normalised = Card(Lines("Here:", "| a | b |", "|---|---|", "| 1 | 2 |"));

        Assert.Equal(Lines("Here:", "", "| a | b |", "|---|---|", "| 1 | 2 |"), normalised);
    }

    // --- fenced code ---

    [Fact]
    public void Normalise_should_dedent_a_fence_that_is_indented_as_a_whole()
    {
        var normalised = Card(Lines("- run this:", "    ```bash", "    cd src", "      make all", "    ```"));

        Assert.Equal(Lines("- run this:", "```bash", "cd src", "  make all", "```"), normalised);
    }

    [Fact]
    public void Normalise_should_close_a_fence_the_answer_ends_inside()
    {
        var normalised = Message(Lines("Here is the code:", "", "```python", "def f():", "    return 1"));

        Assert.Equal(Lines("Here is the code:", "", "```python", "def f():", "    return 1", "```"), normalised);
        Assert.Null(Fences.OpenAtEnd(normalised));
    }

    [Fact]
    public void Normalise_should_close_an_unclosed_fence_before_the_final_newline()
    {
        var normalised = Message("Code:\n\n~~~~\nx = 1\n");

        Assert.Equal("Code:\n\n~~~~\nx = 1\n~~~~\n", normalised);
    }

    [Fact]
    public void Normalise_should_not_touch_anything_inside_a_fence()
    {
        var code = Lines(
            "```markdown",
            "# not a heading",
            "text",
            "- a",
            "  - nested",
            "| a | b |",
            "|---|---|",
            "| 1 | 2 |",
            "see https://x.y/z",
            "```");

        Assert.Equal(code, Message(code));
        Assert.Equal(code, Card(code));
    }

    // --- nested lists ---

    [Fact]
    public void Normalise_should_flatten_nested_items_into_lines_of_their_top_level_item()
    {
        var normalised = Card(Lines("- fruit", "  - apple", "    - green", "      - granny smith", "- vegetables"));

        Assert.Equal(Lines("- fruit  ", "  ◦ apple  ", "  ▪ green  ", "  ▫ granny smith", "- vegetables"), normalised);
    }

    [Fact]
    public void Normalise_should_keep_the_numbers_of_nested_ordered_items_and_the_parent_numbering()
    {
        var normalised = Message(Lines("1. **iPhone:**", "   1. Pros: fast", "   2. Cons: price", "2. **Pixel:**"));

        Assert.Equal(Lines("1. **iPhone:**  ", "   ◦ 1. Pros: fast  ", "   ◦ 2. Cons: price", "2. **Pixel:**"), normalised);
    }

    [Fact]
    public void Normalise_should_flatten_a_loose_nested_list_without_hard_breaks_after_blank_lines()
    {
        var normalised = Card(Lines("- a", "", "  - b", "", "- c"));

        Assert.Equal(Lines("- a", "", "  ◦ b", "", "- c"), normalised);
    }

    // --- tables ---

    [Fact]
    public void Normalise_should_turn_a_table_into_labelled_list_items_for_a_message()
    {
        var normalised = Message(Lines(
            "Comparison:",
            "",
            "| Feature | Python | Go |",
            "|:--------|:------:|---:|",
            "| Typing  | dynamic | static |",
            "| Speed   | slower  | faster |",
            "",
            "Done."));

        Assert.Equal(Lines(
            "Comparison:",
            "",
            "- **Feature**: Typing; **Python**: dynamic; **Go**: static",
            "- **Feature**: Speed; **Python**: slower; **Go**: faster",
            "",
            "Done."), normalised);
    }

    [Fact]
    public void Normalise_should_skip_empty_cells_and_keep_a_header_whose_column_is_empty()
    {
        var normalised = Message(Lines("| 项目 | 状态 | 备注 |", "|---|---|---|", "| 卡片 | ✅ | |", "| 表格 | ⚠️ | |"));

        Assert.Equal(Lines("- **项目**: 卡片; **状态**: ✅; **备注**", "- **项目**: 表格; **状态**: ⚠️"), normalised);
    }

    [Fact]
    public void Normalise_should_end_a_converted_table_before_the_text_that_follows_it()
    {
        var normalised = Message(Lines("| a | b |", "|---|---|", "| 1 | 2 |", "After the table."));

        Assert.Equal(Lines("- **a**: 1; **b**: 2", "", "After the table."), normalised);
    }

    [Fact]
    public void Normalise_should_keep_a_table_as_it_is_for_a_card()
    {
        var table = Lines("| Name | Age |", "| --- | --- |", "| Alice | 25 |");

        Assert.Equal(table, Card(table));
    }

    [Fact]
    public void Normalise_should_not_take_pipes_without_a_delimiter_row_for_a_table()
    {
        var normalised = Message(Lines("**Usage**: a | b", "c | d"));

        Assert.Equal(Lines("**Usage**: a | b  ", "c | d"), normalised);
    }

    // --- bare URLs ---

    [Theory]
    [InlineData(MarkdownTarget.Message)]
    [InlineData(MarkdownTarget.Card)]
    public void Normalise_should_link_a_bare_url_without_its_trailing_punctuation(MarkdownTarget target)
    {
        var normalised = MarkdownNormaliser.Normalise("**Docs**: see https://open.dingtalk.com/document/robots.", target);

        Assert.Equal("**Docs**: see [https://open.dingtalk.com/document/robots](https://open.dingtalk.com/document/robots).", normalised);
    }

    [Fact]
    public void Normalise_should_end_a_url_at_cjk_punctuation()
    {
        var normalised = Card("详见https://github.com/x/y。谢谢");

        Assert.Equal("详见[https://github.com/x/y](https://github.com/x/y)。谢谢", normalised);
    }

    [Fact]
    public void Normalise_should_keep_a_closing_parenthesis_only_when_the_url_opened_one()
    {
        var normalised = Card("(https://en.wikipedia.org/wiki/Rust_(language)) and (https://x.y/z)");

        Assert.Equal(
            "([https://en.wikipedia.org/wiki/Rust_(language)](https://en.wikipedia.org/wiki/Rust_(language))) and ([https://x.y/z](https://x.y/z))",
            normalised);
    }

    [Theory]
    [InlineData("[DingTalk](https://www.dingtalk.com) is here")]
    [InlineData("![logo](https://img.alicdn.com/a.png)")]
    [InlineData("<https://www.dingtalk.com>")]
    [InlineData("run `curl https://x.y/z` first")]
    [InlineData("run ``curl `https://x.y/z` `` first")]
    [InlineData("[https://x.y/z](https://x.y/z)")]
    public void Normalise_should_leave_urls_in_links_and_inline_code_alone(string text) =>
        Assert.Equal(text, Card(text));

    // --- line breaks ---

    [Fact]
    public void Normalise_should_keep_single_line_breaks_of_a_message_as_hard_breaks()
    {
        var normalised = Message(Lines("**Address**", "Hangzhou", "", "> line one", "> line two"));

        Assert.Equal(Lines("**Address**  ", "Hangzhou", "", "> line one  ", "> line two"), normalised);
    }

    [Fact]
    public void Normalise_should_not_break_before_a_setext_underline()
    {
        var normalised = Message(Lines("**Title**", "---", "text"));

        Assert.Equal(Lines("**Title**", "---", "text"), normalised);
    }

    [Fact]
    public void Normalise_should_write_windows_line_endings_as_newlines()
    {
        var normalised = Message("**a**\r\nb\r\n");

        Assert.Equal("**a**  \nb\n", normalised);
    }

    // --- HTML tags ---

    [Fact]
    public void Normalise_should_escape_html_tags_in_the_prose_of_a_message()
    {
        var normalised = Message("**Note**: the model wraps its reasoning in <think> and </think>; a <div class=\"x\"> too.");

        Assert.Equal("**Note**: the model wraps its reasoning in &lt;think> and &lt;/think>; a &lt;div class=\"x\"> too.", normalised);
    }

    [Theory]
    [InlineData("**Links**: <https://www.dingtalk.com> and <someone@example.com>")]
    [InlineData("**Inline**: `<div>` stays code, and 3 < 4 is maths")]
    [InlineData("```html\n<div>code</div>\n```")]
    public void Normalise_should_leave_autolinks_comparisons_and_code_alone(string text) =>
        Assert.Equal(text, Message(text));

    [Fact]
    public void Normalise_should_keep_html_tags_as_they_are_for_a_card()
    {
        const string text = "**Card**: <think> stays";

        Assert.Equal(text, Card(text));
    }
}
