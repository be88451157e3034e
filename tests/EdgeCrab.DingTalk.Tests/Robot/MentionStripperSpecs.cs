using EdgeCrab.DingTalk.Robot;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Robot;

public sealed class MentionStripperSpecs
{
    [Theory]
    [InlineData(" 测试数据", "测试数据")]
    [InlineData(" 你好", "你好")]
    [InlineData("你好 ", "你好")]
    [InlineData("\u2005hello\n", "hello")]
    [InlineData("", "")]
    public void Strip_should_trim_the_whitespace_DingTalk_leaves_around_a_removed_mention(string text, string expected) =>
        Assert.Equal(expected, MentionStripper.Strip(text));

    [Theory]
    [InlineData("@Robot hello", "hello")]
    [InlineData("hello @Robot", "hello")]
    [InlineData("hello @Robot world", "hello world")]
    [InlineData("@Robot\u2005hello", "hello")]
    [InlineData("@Robot", "")]
    [InlineData("@Robot, what is 2+2?", ", what is 2+2?")]
    [InlineData("hi @Robot. bye", "hi . bye")]
    [InlineData("@Robot @Robot twice", "twice")]
    public void Strip_should_remove_the_robot_mention(string text, string expected) =>
        Assert.Equal(expected, MentionStripper.Strip(text, "Robot"));

    [Theory]
    [InlineData("@Robotics is fun")]
    [InlineData("mail bob@Robot.com please")]
    [InlineData("see @Robot.com")]
    [InlineData("a@Robot")]
    [InlineData("@robot lower case is someone else")]
    public void Strip_should_keep_text_that_only_contains_the_robot_name(string text) =>
        Assert.Equal(text, MentionStripper.Strip(text, "Robot"));

    [Theory]
    [InlineData("@Alice @Robot 帮我看看", "@Alice 帮我看看")]
    [InlineData("@张三 请看 @Robot", "@张三 请看")]
    [InlineData(" @李四 你好", "@李四 你好")]
    public void Strip_should_keep_mentions_of_other_people(string text, string expected) =>
        Assert.Equal(expected, MentionStripper.Strip(text, "Robot"));

    [Theory]
    [InlineData("@小助手 你好", "你好")]
    [InlineData("你好@小助手", "你好")]
    [InlineData("请问@小助手 今天天气怎么样？", "请问今天天气怎么样？")]
    [InlineData("@小助手，你好", "，你好")]
    [InlineData("@小助手们好", "@小助手们好")]
    public void Strip_should_handle_a_CJK_robot_name(string text, string expected) =>
        Assert.Equal(expected, MentionStripper.Strip(text, "小助手"));

    [Fact]
    public void Strip_should_only_trim_without_a_robot_name() =>
        Assert.Equal("@Robot hi", MentionStripper.Strip("  @Robot hi ", null));

    [Property(MaxTest = 300)]
    public Property Strip_should_only_trim_text_that_does_not_mention_the_robot() =>
        Prop.ForAll(
            Gen.Elements("@", "Robot", "@Alice", " ", "\n", "你好", "😀", ".", "bob@", "@Robotics").ListOf().Select(p => string.Concat(p)).ToArbitrary(),
            text =>
            {
                var expected = text.Replace("@Robotics", "").Contains("@Robot", StringComparison.Ordinal) ? null : text.Trim();
                return expected is null || MentionStripper.Strip(text, "Robot") == expected;
            });

    [Property(MaxTest = 300)]
    public Property Strip_should_leave_no_whole_robot_mention() =>
        Prop.ForAll(
            Gen.Elements("@Robot", "@Robot ", " ", "hello", "你好", "，", "@Alice ").ListOf().Select(p => string.Concat(p)).ToArbitrary(),
            text => !(" " + MentionStripper.Strip(text, "Robot") + " ").Contains(" @Robot ", StringComparison.Ordinal));
}
