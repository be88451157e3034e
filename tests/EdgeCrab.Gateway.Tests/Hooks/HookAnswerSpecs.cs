using EdgeCrab.Gateway.Hooks;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

public sealed class HookAnswerSpecs
{
    [Theory]
    [InlineData("""{"cancel": true, "reason": "maintenance"}""")]
    [InlineData("""{"action": "cancel", "reason": "maintenance"}""")]
    [InlineData("""  {"action": "CANCEL", "reason": "  maintenance  "}  """)]
    public void Both_of_EdgeCrabs_cancel_shapes_should_cancel_with_the_reason(string stdout) =>
        Assert.Equal(new HookAnswer.Cancel("maintenance"), HookAnswer.Parse(stdout));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ok")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("""{"cancel": false, "reason": "no"}""")]
    [InlineData("""{"cancel": "true"}""")]
    [InlineData("""{"action": "continue"}""")]
    public void Anything_else_should_let_the_action_go_on(string? stdout) => Assert.Same(HookAnswer.Continue.Instance, HookAnswer.Parse(stdout));

    [Fact]
    public void A_cancel_without_a_reason_should_say_so() =>
        Assert.Equal(new HookAnswer.Cancel("no reason given"), HookAnswer.Parse("""{"cancel": true}"""));

    [Fact]
    public void A_reason_should_be_one_bounded_line()
    {
        var answer = (HookAnswer.Cancel)HookAnswer.Parse($$"""{"cancel": true, "reason": "a\nb{{new string('x', 2000)}}"}""");

        Assert.DoesNotContain('\n', answer.Reason);
        Assert.Equal(HookAnswer.MaxReasonChars + 1, answer.Reason.Length);
    }
}
