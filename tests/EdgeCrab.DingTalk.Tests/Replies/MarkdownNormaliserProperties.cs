using EdgeCrab.DingTalk.Replies;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Replies;

public sealed class MarkdownNormaliserProperties
{
    // Small enough that answers of a few dozen blocks are split, so fences are cut and reopened.
    private static readonly ReplyChunker SmallChunks = new(new ReplyLimits(1024, 4096));

    private static readonly Gen<MarkdownTarget> Targets = Gen.Elements(MarkdownTarget.Message, MarkdownTarget.Card);

    private static Arbitrary<(string Answer, MarkdownTarget Target)> Answers(Gen<string> answers) =>
        (from answer in answers from target in Targets select (answer, target)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Normalise_should_never_lose_or_reorder_a_word() =>
        Prop.ForAll(Answers(MarkdownAnswers.Answer(12)), c => AssertWordsKept(c.Answer, c.Target));

    [Property(MaxTest = 300)]
    public Property Normalise_should_never_lose_or_reorder_a_word_of_arbitrary_fragments() =>
        Prop.ForAll(Answers(MarkdownAnswers.Fragments), c => AssertWordsKept(c.Answer, c.Target));

    [Property(MaxTest = 300)]
    public Property Normalise_should_be_idempotent() =>
        Prop.ForAll(Answers(MarkdownAnswers.Answer(12)), c => AssertIdempotent(c.Answer, c.Target));

    [Property(MaxTest = 300)]
    public Property Normalise_should_be_idempotent_on_arbitrary_fragments() =>
        Prop.ForAll(Answers(MarkdownAnswers.Fragments), c => AssertIdempotent(c.Answer, c.Target));

    [Property(MaxTest = 100)]
    public Property Chunks_of_normalised_markdown_should_keep_fences_balanced() =>
        Prop.ForAll(Answers(MarkdownAnswers.Answer(60)), c => AssertChunksBalanced(MarkdownNormaliser.Normalise(c.Answer, c.Target)));

    [Property(MaxTest = 300)]
    public Property Chunks_of_normalised_fragments_should_keep_fences_balanced() =>
        Prop.ForAll(
            Answers(MarkdownAnswers.Fragments.Select(f => string.Concat(Enumerable.Repeat(f, 30)))),
            c => AssertChunksBalanced(MarkdownNormaliser.Normalise(c.Answer, c.Target)));

    internal static void AssertWordsKept(string answer, MarkdownTarget target)
    {
        var normalised = MarkdownNormaliser.Normalise(answer, target);
        var words = MarkdownWords.Of(normalised);

        Assert.True(MarkdownWords.Missing(MarkdownWords.Of(answer), words) is { Count: 0 },
            $"lost {string.Join(", ", MarkdownWords.Missing(MarkdownWords.Of(answer), words))} in\n{Show(answer)}\n→\n{Show(normalised)}");
        Assert.True(MarkdownWords.IsSubsequence(MarkdownWords.OutsideTableHeaders(answer), words),
            $"reordered words in\n{Show(answer)}\n→\n{Show(normalised)}");
    }

    internal static void AssertIdempotent(string answer, MarkdownTarget target)
    {
        var once = MarkdownNormaliser.Normalise(answer, target);
        var twice = MarkdownNormaliser.Normalise(once, target);

        Assert.True(once == twice, $"not idempotent for {target}:\n{Show(answer)}\n→\n{Show(once)}\n→\n{Show(twice)}");
    }

    internal static void AssertChunksBalanced(string normalised)
    {
        Assert.Null(Fences.OpenAtEnd(normalised));
        foreach (var chunk in SmallChunks.Split(normalised))
            Assert.True(Fences.OpenAtEnd(chunk.Text) is null, $"a chunk leaves a fence open:\n{Show(chunk.Text)}");
    }

    private static string Show(string text) => text.Replace("\r", "␍").ReplaceLineEndings("⏎\n");
}
