using System.Text;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.DingTalk.Rest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Replies;

public sealed class ReplyChunkerSpecs
{
    private static readonly ReplyLimits Small = new(1024, 4096);

    // 3,000 CJK characters are 9,000 bytes: with these limits the byte budget binds before the character one.
    private static readonly ReplyLimits ByteBound = new(3000, 4096);

    [Property(MaxTest = 50)]
    public Property Split_should_keep_every_rule_on_large_answers_with_DingTalk_limits() =>
        Prop.ForAll(ReplyText.Large, text => AssertRules(text, ReplyLimits.DingTalk));

    [Property(MaxTest = 300)]
    public Property Split_should_keep_every_rule_on_answers_with_small_limits() =>
        Prop.ForAll(ReplyText.Small, text => AssertRules(text, Small));

    [Property(MaxTest = 200)]
    public Property Split_should_keep_every_rule_when_the_byte_limit_binds_first() =>
        Prop.ForAll(ReplyText.Small, text => AssertRules(text, ByteBound));

    [Property(MaxTest = 200)]
    public Property Split_should_keep_every_rule_on_arbitrary_strings() =>
        Prop.ForAll(
            Gen.Elements("a", " ", "\n", "`", "~", "。", ".", "中", "😀", "\ud800", "\udc00", "```", "~~~py\n")
                .ListOf().Select(parts => string.Concat(Enumerable.Repeat(string.Concat(parts), 40))).ToArbitrary(),
            text => AssertRules(text, Small));

    // The robot API refuses a msgParam over 15,000 bytes (protocol doc §4.3), and the outbox falls back to it when a
    // session webhook has expired: every DingTalk-sized chunk must fit, whatever it is made of.
    [Property(MaxTest = 50)]
    public Property Split_should_make_DingTalk_chunks_that_fit_the_robot_API_msgParam() =>
        Prop.ForAll(ReplyText.Large, text =>
            Assert.All(ReplyChunker.ForDingTalk.Split(text), chunk => AssertFitsMsgParam(chunk.Text)));

    [Theory]
    [InlineData("钉")]
    [InlineData("😀")]
    [InlineData("\"")]
    [InlineData("\n")]
    [InlineData("a\\")]
    [InlineData("\u200b")]
    [InlineData("\u0001")]
    public void Split_should_make_DingTalk_chunks_that_fit_the_robot_API_msgParam_for_the_costliest_characters(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 20_000));

        var chunks = ReplyChunker.ForDingTalk.Split(text);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => AssertFitsMsgParam(c.Text));
    }

    private static void AssertFitsMsgParam(string chunk)
    {
        var (_, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingMarkdown("钉钉机器人的回答", chunk));
        Assert.True(Encoding.UTF8.GetByteCount(msgParam) <= 15_000, $"msgParam of {Encoding.UTF8.GetByteCount(msgParam)} bytes");
    }

    [Fact]
    public void Split_should_return_no_chunks_for_empty_text() =>
        Assert.Empty(ReplyChunker.ForDingTalk.Split(""));

    [Theory]
    [InlineData(1)]
    [InlineData(5999)]
    [InlineData(6000)]
    public void Split_should_return_text_within_limits_as_one_identical_chunk(int length)
    {
        var text = new string('a', length);

        var chunk = Assert.Single(ReplyChunker.ForDingTalk.Split(text));

        Assert.Equal(new ReplyChunk(text, 0, length), chunk);
    }

    [Fact]
    public void Split_should_return_a_fenced_answer_exactly_at_the_limit_as_one_identical_chunk()
    {
        var code = "```python\n" + new string('x', 1024 - 14) + "\n```";
        Assert.Equal(1024, code.Length);

        var chunk = Assert.Single(new ReplyChunker(Small).Split(code));

        Assert.Equal(code, chunk.Text);
    }

    [Fact]
    public void Split_should_close_and_reopen_a_python_block_that_spans_the_cut()
    {
        var prose = string.Join(" ", Enumerable.Repeat("Here is how the function works.", 60));
        var code = string.Concat(Enumerable.Range(0, 400).Select(i => $"    total += values[{i}]  # 累加\n"));
        var text = prose + "\n\n```python\ndef total(values):\n    total = 0\n" + code + "    return total\n```\n\nThat is all. 👍";
        Assert.InRange(text.Length, 14_000, 16_000);

        var chunks = ReplyChunker.ForDingTalk.Split(text);

        Assert.Equal(3, chunks.Count);
        Assert.Equal(text, string.Concat(chunks.Select(c => text.Substring(c.SourceStart, c.SourceLength))));
        Assert.EndsWith("\n```", chunks[0].Text);
        Assert.StartsWith("```python\n", chunks[1].Text);
        Assert.EndsWith("\n```", chunks[1].Text);
        Assert.StartsWith("```python\n", chunks[2].Text);
        Assert.EndsWith("That is all. 👍", chunks[2].Text);
        Assert.All(chunks, c => Assert.Null(Fences.OpenAtEnd(c.Text)));
        // The code is cut between its lines, never inside one.
        Assert.All(chunks.SkipLast(1), c => Assert.Equal('\n', text[c.SourceStart + c.SourceLength - 1]));
    }

    [Fact]
    public void Split_should_cut_cjk_text_after_a_full_stop()
    {
        var text = string.Concat(Enumerable.Repeat("钉钉机器人把长回答分成几段发送。", 300));

        var chunks = new ReplyChunker(Small).Split(text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.EndsWith("。", c.Text));
    }

    [Fact]
    public void Split_should_prefer_a_paragraph_break_to_a_line_break()
    {
        var text = new string('a', 600) + "\n\n" + new string('b', 200) + "\n" + new string('c', 600);

        var chunks = new ReplyChunker(Small).Split(text);

        Assert.Equal(new string('a', 600) + "\n\n", chunks[0].Text);
    }

    [Fact]
    public void Split_should_cut_an_unbroken_run_of_emoji_between_pairs()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 3000));

        var chunks = new ReplyChunker(Small).Split(text);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 1024 && c.Text.Length % 2 == 0));
    }

    [Fact]
    public void Split_should_not_start_a_chunk_with_a_fence_that_was_mid_line_in_the_answer()
    {
        // Cut at the space, "``` is how fences start" would begin a line of the next chunk and open a code block.
        var text = new string('a', 990) + " ``` is how fences start, and ~~~ too.";

        var chunks = new ReplyChunker(Small).Split(text);

        Assert.All(chunks, c => Assert.Null(Fences.OpenAtEnd(c.Text)));
    }

    [Fact]
    public void Split_should_reopen_a_tilde_fence_whose_language_starts_with_a_tilde_as_the_same_fence()
    {
        var text = "~~~ ~~~~ x\n" + string.Concat(Enumerable.Repeat("line of code\n", 200)) + "~~~\n";

        var chunks = new ReplyChunker(Small).Split(text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("~~~ ~~~~\n", c.Text));
        Assert.All(chunks, c => Assert.Null(Fences.OpenAtEnd(c.Text)));
    }

    [Fact]
    public void Constructor_should_refuse_limits_too_small_to_reopen_a_fence() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplyChunker(new ReplyLimits(100, 4096)));

    private static void AssertRules(string text, ReplyLimits limits)
    {
        var chunks = new ReplyChunker(limits).Split(text);

        if (text.Length == 0)
        {
            Assert.Empty(chunks);
            return;
        }
        Assert.NotEmpty(chunks);

        // The slices are contiguous, in order, and cover the input.
        var position = 0;
        foreach (var chunk in chunks)
        {
            Assert.Equal(position, chunk.SourceStart);
            Assert.True(chunk.SourceLength > 0, "a chunk must make progress");
            position += chunk.SourceLength;
        }
        Assert.Equal(text.Length, position);

        var fits = text.Length <= limits.MaxChars && JsonBytes(text) <= limits.MaxUtf8Bytes;
        if (fits)
            Assert.Equal(new ReplyChunk(text, 0, text.Length), Assert.Single(chunks));

        var balanced = Fences.OpenAtEnd(text) is null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var slice = text.Substring(chunk.SourceStart, chunk.SourceLength);

            Assert.True(chunk.Text.Length <= limits.MaxChars, $"chunk {i} has {chunk.Text.Length} chars");
            Assert.True(Encoding.UTF8.GetByteCount(chunk.Text) <= limits.MaxUtf8Bytes, $"chunk {i} is over the byte limit");
            Assert.True(JsonBytes(chunk.Text) is not { } json || json <= limits.MaxUtf8Bytes, $"chunk {i} is over the byte limit once written as JSON");
            Assert.False(SplitsPair(text, chunk.SourceStart), $"chunk {i} starts inside a surrogate pair");

            // Text = reopened fence (if any) + the slice + closing fence (if any).
            var reopened = Fences.OpenAtLineOf(text, chunk.SourceStart);
            var prefix = reopened is null ? "" : reopened.OpeningLine;
            Assert.StartsWith(prefix + slice, chunk.Text, StringComparison.Ordinal);
            if (reopened is not null)
                Assert.Equal(reopened, CodeFence.Parse(chunk.Text.AsSpan(0, chunk.Text.IndexOf('\n'))));
            if (balanced && Fences.OpenAtEnd(chunk.Text) is { } open)
                Assert.Fail($"chunk {i} of {chunks.Count} leaves {open} open:\n{chunk.Text.ReplaceLineEndings("⏎\n")}");

            if (i < chunks.Count - 1)
                AssertCutNotNeedlessly(text, chunk.SourceStart, chunk.SourceStart + chunk.SourceLength);
        }
    }

    // The bytes the text takes inside a JSON string as the robot API writes it; null when it cannot be written
    // (a lone surrogate is not text).
    private static int? JsonBytes(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i)) i++;
            else if (char.IsSurrogate(text[i])) return null;
        }
        var (_, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingText(text));
        return Encoding.UTF8.GetByteCount(msgParam) - """{"content":""}""".Length;
    }

    private static bool SplitsPair(string text, int position) =>
        position > 0 && position < text.Length && char.IsHighSurrogate(text[position - 1]) && char.IsLowSurrogate(text[position]);

    // A cut that is not at a boundary is a hard cut: the second half of its window held no boundary to prefer.
    private static void AssertCutNotNeedlessly(string text, int start, int cut)
    {
        if (IsBoundaryBefore(text, cut)) return;
        var floor = start + (cut - start) / 2;
        for (var i = floor; i < cut - 1; i++)
            Assert.False(IsBoundaryBefore(text, i + 1) && !SplitsLineIntoFence(text, i + 1),
                $"cut at {cut} (…{Excerpt(text, cut)}…) splits a word though a boundary exists at {i + 1} (…{Excerpt(text, i + 1)}…)");
    }

    private static string Excerpt(string text, int at) =>
        text[Math.Max(0, at - 30)..at].ReplaceLineEndings("⏎") + "|" + text[at..Math.Min(text.Length, at + 30)].ReplaceLineEndings("⏎");

    // Cutting a line in two may turn a half into a fence line ("``` see below" cut after "``` "); such a cut is refused.
    private static bool SplitsLineIntoFence(string text, int cut)
    {
        var lineStart = text.LastIndexOf('\n', cut - 1) + 1;
        var lineEnd = text.IndexOf('\n', cut) is var n and >= 0 ? n : text.Length;
        return lineStart < cut && cut < lineEnd
            && (CodeFence.Parse(text.AsSpan(lineStart, cut - lineStart)) is not null || CodeFence.Parse(text.AsSpan(cut, lineEnd - cut)) is not null);
    }

    private static bool IsBoundaryBefore(string text, int cut)
    {
        var c = text[cut - 1];
        return char.IsWhiteSpace(c) || c is '。' or '！' or '？' or '；'
            || c is '.' or '!' or '?' && cut < text.Length && char.IsWhiteSpace(text[cut]);
    }
}
