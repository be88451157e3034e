using EdgeCrab.Gateway.Agent;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.AI;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Agent;

/// <summary>The offline agent's answer, and its usage: words (runs of non-white-space) in, words out.</summary>
public sealed class OfflineChatClientSpecs
{
    private static readonly OfflineChatClient Agent = new(TimeSpan.Zero);

    private static UsageDetails Usage(IEnumerable<ChatMessage> history) =>
        Agent.GetResponseAsync(history).GetAwaiter().GetResult().Usage!;

    [Fact]
    public async Task It_should_quote_the_message_and_count_words_in_and_out()
    {
        var response = await Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "  hello\tthere \n world  ")]);
        Assert.Equal(OfflineChatClient.Label + " You said:   hello\tthere \n world  ", response.Text);
        Assert.Equal(3, response.Usage!.InputTokenCount);
        Assert.Equal(2 + 2 + 3, response.Usage.OutputTokenCount);
    }

    // Any text, white space of every kind included: the count is what splitting at white space gives.
    [Property(MaxTest = 300)]
    public Property Input_words_should_be_the_pieces_between_white_space() =>
        Prop.ForAll(Gen.Elements(' ', '\t', '\n', '\u3000', '\u00a0', 'a', '字', '-', '\r').ArrayOf().Select(chars => new string(chars)).ArrayOf().ToArbitrary(),
            texts => Usage(texts.Select(t => new ChatMessage(ChatRole.User, t))).InputTokenCount ==
                texts.Sum(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length));
}
