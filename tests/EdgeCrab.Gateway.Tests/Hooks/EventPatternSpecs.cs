using EdgeCrab.Gateway.Hooks;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

public sealed class EventPatternSpecs
{
    [Theory]
    [InlineData("command:status", "command:status", true)]
    [InlineData("command:status", "command:stop", false)]
    [InlineData("command:*", "command:status", true)]
    [InlineData("command:*", "command", false)]
    [InlineData("command:*", "commander:x", false)]
    [InlineData("agent:*", "agent:start", true)]
    [InlineData("*", "gateway:startup", true)]
    [InlineData("session:start", "session:start:extra", false)]
    public void A_pattern_should_match_exact_names_prefixes_or_everything(string pattern, string eventName, bool matches) =>
        Assert.Equal(matches, EventPattern.Parse(pattern)!.Matches(eventName));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("command*")]
    [InlineData("*:status")]
    [InlineData("command:*:x")]
    [InlineData("command: status")]
    [InlineData("Command:Status")]
    [InlineData("command::status")]
    public void Any_other_form_should_not_be_a_pattern(string? text) => Assert.Null(EventPattern.Parse(text));

    [Fact]
    public void A_pattern_should_print_as_written() => Assert.Equal("command:*", EventPattern.Parse(" command:* ")!.ToString());
}
