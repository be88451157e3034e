using EdgeCrab.DingTalk.Robot;
using Xunit;

namespace EdgeCrab.DingTalk.Tests.Robot;

/// <summary>
/// What the agent reads of a robot message, on the shapes real payloads have (dingtalk-protocol.md §3.2–3.3): the
/// robot's own mention as a lone first richText item, text items without a <c>type</c>, other people's mentions
/// removed from a text message but listed in <c>atUsers</c>, a voice message without <c>duration</c>.
/// </summary>
public sealed class RobotMessageTextSpecs
{
    private const string Robot = "$:LWCP_v1:$robotRobotRobot";

    private static RobotMessage Group(RobotMessageContent content, params AtUser[] at) => new()
    {
        MsgId = "msg1", Content = content, ConversationId = "cidGroup", ConversationType = ConversationType.Group,
        SenderStaffId = "manager001", ChatbotUserId = Robot, IsInAtList = true, AtUsers = at,
    };

    private static RichTextItem Text(string text) => new(null, text, null, null, null, null);

    private static RichTextItem Picture => new("picture", null, "dlcode", "pdlcode", null, null);

    [Fact]
    public void The_robots_own_mention_should_be_dropped_and_other_mentions_kept_with_a_readers_spacing()
    {
        // As a real group payload logged it: 「@小白 给 @释心 发个消息“你好”」.
        var message = Group(new RichTextContent([Text("@小白"), Text("给"), Text("@释心"), Text("发个消息“你好”")]),
            new AtUser(Robot, null), new AtUser("$:LWCP_v1:$other", "shixin01"));
        Assert.Equal("给 @释心 发个消息“你好”", RobotMessageText.Read(message));
    }

    [Fact]
    public void Pictures_should_stay_in_their_place_among_the_text()
    {
        var message = Group(new RichTextContent([Text("@Bot"), Text("compare"), Picture, Text("with"), Picture, Text("please")]), new AtUser(Robot, null));
        Assert.Equal("compare [picture] with [picture] please", RobotMessageText.Read(message));
    }

    [Fact]
    public void Latin_words_should_be_spaced_and_CJK_run_on()
    {
        var message = Group(new RichTextContent([Text("@Bot"), Text("hello"), Text("world"), Text("你好"), Text("世界")]), new AtUser(Robot, null));
        Assert.Equal("hello world你好世界", RobotMessageText.Read(message));
    }

    [Fact]
    public void A_first_mention_is_kept_when_the_robot_was_not_mentioned_or_in_a_DM()
    {
        var notMentioned = Group(new RichTextContent([Text("@释心"), Text("看看这个")])) with { IsInAtList = false };
        Assert.Equal("@释心 看看这个", RobotMessageText.Read(notMentioned));
        var dm = notMentioned with { ConversationType = ConversationType.Direct };
        Assert.Equal("@释心 看看这个", RobotMessageText.Read(dm));
    }

    [Fact]
    public void An_at_item_should_read_as_its_name()
    {
        var message = Group(new RichTextContent([Text("@Bot"), Text("ask"), new RichTextItem("at", null, null, null, "Li Lei", "lilei01"), Text("too")]), new AtUser(Robot, null));
        Assert.Equal("ask @Li Lei too", RobotMessageText.Read(message));
    }

    [Fact]
    public void Pictures_without_text_should_leave_nothing_to_read()
    {
        Assert.Null(RobotMessageText.Read(Group(new RichTextContent([Text("@Bot"), Picture]), new AtUser(Robot, null))));
    }

    [Fact]
    public void A_text_message_should_name_the_others_it_mentioned_but_not_the_robot_or_the_sender()
    {
        // DingTalk removed both @names from the text, as in the real payload.
        var message = Group(new TextContent(" 给 发个消息“你好”"),
            new AtUser(Robot, null), new AtUser("$:LWCP_v1:$other", "shixin01"), new AtUser("$:LWCP_v1:$noStaff", null), new AtUser("$:LWCP_v1:$me", "manager001"));
        Assert.Equal("给 发个消息“你好”\n(also mentioned: shixin01)", RobotMessageText.Read(message));
        Assert.Equal("just me", RobotMessageText.Read(Group(new TextContent("just me "), new AtUser(Robot, null))));
    }

    [Fact]
    public void A_voice_message_without_duration_should_read_as_its_transcript()
    {
        Assert.Equal("明天开会吗", RobotMessageText.Read(Group(new AudioContent("dl", "明天开会吗", null))));
        Assert.Null(RobotMessageText.Read(Group(new AudioContent("dl", null, null))));
    }

    [Fact]
    public void A_file_without_an_extension_or_a_lone_picture_has_no_text()
    {
        Assert.Null(RobotMessageText.Read(Group(new FileContent("dl", "README", "space", "file"))));
        Assert.Null(RobotMessageText.Read(Group(new PictureContent("dl", "pdl"))));
    }
}
