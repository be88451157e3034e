using EdgeCrab.DingTalk.Robot;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Robot;

public sealed class RobotMessageCodecSpecs
{
    // Group text as DingTalk sends it (protocol doc §3.1, §3.3): the robot's @name removed, its leading space kept.
    private const string GroupText = """
        {"conversationId":"cidoKpn9kQ1f9VQ0lQvB2bd8w==","atUsers":[{"dingtalkId":"$:LWCP_v1:$robot=="},{"dingtalkId":"$:LWCP_v1:$bob==","staffId":"bob01"}],
         "chatbotCorpId":"dinga1b2c3","chatbotUserId":"$:LWCP_v1:$robot==","msgId":"msgLICYe8Wq7sk0ZZ8w==","senderNick":"张三","isAdmin":true,
         "senderStaffId":"manager807","sessionWebhookExpiredTime":1690367502194,"createAt":1690362102194,"senderCorpId":"dinga1b2c3",
         "conversationType":"2","senderId":"$:LWCP_v1:$sender==","conversationTitle":"研发群","isInAtList":true,
         "sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=0a1b2c3d4e5f","text":{"content":" 测试数据 @bob"},
         "robotCode":"dingrobot123","msgtype":"text","senderPlatform":"Win","openThreadId":"cidoKpn9kQ1f9VQ0lQvB2bd8w==","unknownField":{"x":[1]}}
        """;

    [Fact]
    public void Parse_should_read_a_group_text_message_with_every_field()
    {
        var m = Parsed(GroupText);

        Assert.Equal("msgLICYe8Wq7sk0ZZ8w==", m.MsgId);
        Assert.Equal(RobotMsgTypes.Text, m.MsgType);
        Assert.Equal(" 测试数据 @bob", Assert.IsType<TextContent>(m.Content).Content);
        Assert.Equal("cidoKpn9kQ1f9VQ0lQvB2bd8w==", m.ConversationId);
        Assert.Equal(ConversationType.Group, m.ConversationType);
        Assert.Equal("研发群", m.ConversationTitle);
        Assert.Equal("$:LWCP_v1:$sender==", m.SenderId);
        Assert.Equal("manager807", m.SenderStaffId);
        Assert.Equal("manager807", m.SenderKey);
        Assert.Equal("张三", m.SenderNick);
        Assert.Equal("dinga1b2c3", m.SenderCorpId);
        Assert.Equal("Win", m.SenderPlatform);
        Assert.Equal("$:LWCP_v1:$robot==", m.ChatbotUserId);
        Assert.Equal("dinga1b2c3", m.ChatbotCorpId);
        Assert.Equal("dingrobot123", m.RobotCode);
        Assert.True(m.IsAdmin);
        Assert.True(m.IsInAtList);
        Assert.Equal([new AtUser("$:LWCP_v1:$robot==", null), new AtUser("$:LWCP_v1:$bob==", "bob01")], m.AtUsers);
        Assert.Equal("https://oapi.dingtalk.com/robot/sendBySession?session=0a1b2c3d4e5f", m.SessionWebhook);
        Assert.Equal(1690367502194, m.SessionWebhookExpiredTime);
        Assert.Equal(1690362102194, m.CreateAt);
        Assert.Equal("cidoKpn9kQ1f9VQ0lQvB2bd8w==", m.OpenThreadId);
    }

    [Fact]
    public void Parse_should_read_a_direct_message_from_a_user_outside_the_org()
    {
        var m = Parsed("""{"msgId":"m1","msgtype":"text","text":{"content":"hi"},"conversationId":"cid1","conversationType":"1","senderId":"$:LWCP_v1:$x=="}""");

        Assert.Equal(ConversationType.Direct, m.ConversationType);
        Assert.Null(m.SenderStaffId);
        Assert.Equal("$:LWCP_v1:$x==", m.SenderKey);
        Assert.False(m.IsInAtList);
        Assert.Empty(m.AtUsers);
    }

    [Fact]
    public void Parse_should_read_rich_text()
    {
        var m = Parsed("""
            {"msgId":"m2","msgtype":"richText","conversationId":"cid1","conversationType":"1",
             "content":{"richText":[{"text":"看这张图 "},{"type":"picture","pictureDownloadCode":"pdc1","downloadCode":"dc1"},
                                    {"type":"at","atName":"李四","atUserId":"lisi"},{"type":"text","text":"谢谢"},{"type":"emoji","text":"[微笑]"}]}}
            """);

        var rich = Assert.IsType<RichTextContent>(m.Content);
        Assert.Equal(5, rich.Items.Count);
        Assert.Equal(new RichTextItem("picture", null, "dc1", "pdc1", null, null), rich.Items[1]);
        Assert.Equal(new RichTextItem("at", null, null, null, "李四", "lisi"), rich.Items[2]);
        Assert.Equal("看这张图 谢谢", rich.PlainText);
    }

    [Fact]
    public void Parse_should_read_a_picture() =>
        Assert.Equal(new PictureContent("dc-pic", "pdc-pic"), Content("picture", """{"pictureDownloadCode":"pdc-pic","downloadCode":"dc-pic"}"""));

    [Fact]
    public void Parse_should_read_audio_with_its_recognition() =>
        Assert.Equal(new AudioContent("dc-audio", "明天下午开会", "4000"), Content("audio", """{"duration":4000,"downloadCode":"dc-audio","recognition":"明天下午开会"}"""));

    [Fact]
    public void Parse_should_read_a_video() =>
        Assert.Equal(new VideoContent("dc-video", "5", "mp4"), Content("video", """{"duration":"5","videoType":"mp4","downloadCode":"dc-video"}"""));

    [Fact]
    public void Parse_should_read_a_file() =>
        Assert.Equal(new FileContent("dc-file", "foobar.zip", "space1", "file1"),
            Content("file", """{"spaceId":"space1","fileName":"foobar.zip","downloadCode":"dc-file","fileId":"file1"}"""));

    [Fact]
    public void Parse_should_read_an_unknown_message_type_with_its_notice()
    {
        var m = Parsed("""
            {"msgId":"m3","msgtype":"unknownMsgType","conversationId":"cid1","conversationType":"1","ai_robot_sessionid":"ai-1",
             "content":{"unknownMsgType":"您收到了一条新消息，请升级钉钉查看"}}
            """);

        Assert.Equal(new UnsupportedContent(RobotMsgTypes.Unknown, "您收到了一条新消息，请升级钉钉查看"), m.Content);
        Assert.Equal("ai-1", m.AiRobotSessionId);
    }

    [Fact]
    public void Parse_should_keep_a_msgtype_it_does_not_know() =>
        Assert.Equal(new UnsupportedContent("interactiveCard", null), Content("interactiveCard", """{"cardData":{}}"""));

    [Fact]
    public void Parse_should_read_a_quoted_reply()
    {
        var m = Parsed("""
            {"msgId":"m4","msgtype":"text","conversationId":"cid1","conversationType":"2","originalMsgId":"orig1","originalProcessQueryKey":"pqk1",
             "text":{"content":"这个怎么改？","isReplyMsg":true,
                     "repliedMsg":{"msgType":"text","msgId":"quoted1","senderId":"$:LWCP_v1:$bot==","createdAt":1690362000000,"content":"原来的回答"}}}
            """);

        var text = Assert.IsType<TextContent>(m.Content);
        Assert.True(text.IsReplyMsg);
        Assert.Equal(new RepliedMessage("text", "quoted1", "$:LWCP_v1:$bot==", 1690362000000, "原来的回答"), text.Replied);
        Assert.Equal("orig1", m.OriginalMsgId);
        Assert.Equal("pqk1", m.OriginalProcessQueryKey);
    }

    [Fact]
    public void Parse_should_keep_a_quoted_non_text_content_as_its_json()
    {
        var m = Parsed("""
            {"msgId":"m5","msgtype":"text","conversationId":"cid1","conversationType":"2",
             "text":{"content":"看看","isReplyMsg":true,"repliedMsg":{"msgType":"picture","content":{"downloadCode":"dc9"}}}}
            """);

        Assert.Equal("""{"downloadCode":"dc9"}""", Assert.IsType<TextContent>(m.Content).Replied!.Content);
    }

    [Fact]
    public void Parse_should_read_the_hosting_and_history_context()
    {
        var m = Parsed("""
            {"msgId":"m6","msgtype":"text","text":{"content":"x"},"conversationId":"cid1","conversationType":"1",
             "hostingContext":{"userId":"host1","nick":"王五"},
             "conversationMsgContext":[{"readStatus":"2","senderUserId":"u1","sendTime":1690362000000},{"readStatus":"1","senderUserId":"u2","sendTime":"1690362000001"}]}
            """);

        Assert.Equal(new HostingContext("host1", "王五"), m.HostingContext);
        Assert.Equal([new ConversationMessageContext("2", "u1", 1690362000000), new ConversationMessageContext("1", "u2", 1690362000001)], m.ConversationMsgContext);
    }

    [Fact]
    public void Parse_should_read_the_misspelt_createA_of_the_protocol_sample() =>
        Assert.Equal(1690362102194, Parsed("""{"msgId":"m","conversationId":"c","conversationType":"1","createA":1690362102194,"text":{"content":"x"}}""").CreateAt);

    [Theory]
    [InlineData("\"1\"", ConversationType.Direct)]
    [InlineData("\"2\"", ConversationType.Group)]
    [InlineData("1", ConversationType.Direct)]
    [InlineData("2", ConversationType.Group)]
    public void Parse_should_read_the_conversation_type_as_string_or_number(string json, ConversationType type) =>
        Assert.Equal(type, Parsed($$$"""{"msgId":"m","conversationId":"c","conversationType":{{{json}}},"text":{"content":"x"}}""").ConversationType);

    [Fact]
    public void Parse_should_read_a_message_without_msgtype_as_text() =>
        Assert.Equal(new TextContent("x"), Parsed("""{"msgId":"m","conversationId":"c","conversationType":"1","text":{"content":"x"}}""").Content);

    [Theory]
    [InlineData("""{"conversationId":"c","conversationType":"1","msgtype":"text","text":{"content":"x"}}""")]
    [InlineData("""{"msgId":"","conversationId":"c","conversationType":"1"}""")]
    [InlineData("""{"msgId":"m","conversationType":"1","msgtype":"text"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c","msgtype":"text"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":"3"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":"group"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":null}""")]
    [InlineData("""{"msgId":{"id":"m"},"conversationId":"c","conversationType":"1"}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"msgId\":\"m\",")]
    public void Parse_should_refuse_what_is_not_a_robot_message(string json)
    {
        var malformed = Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse(json));

        Assert.False(string.IsNullOrWhiteSpace(malformed.Reason));
    }

    [Fact]
    public void Parse_should_refuse_text_with_a_lone_surrogate_outside_strings() =>
        Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse("\udc00{\"msgId\":\"m\"}"));

    [Fact]
    public void Parse_should_tolerate_fields_of_unexpected_kinds()
    {
        var m = Parsed("""
            {"msgId":"m","conversationId":"c","conversationType":"1","msgtype":"file","content":"not an object",
             "atUsers":{"not":"an array"},"conversationMsgContext":[1,"x",null],"isAdmin":"yes","createAt":"soon","hostingContext":[]}
            """);

        Assert.Equal(new FileContent(null, null, null, null), m.Content);
        Assert.Empty(m.AtUsers);
        Assert.Empty(m.ConversationMsgContext);
        Assert.False(m.IsAdmin);
        Assert.Null(m.CreateAt);
        Assert.Null(m.HostingContext);
    }

    [Property(MaxTest = 500)]
    public bool Parse_should_never_throw_on_arbitrary_text(string text) =>
        RobotMessageCodec.Parse(text ?? "") is not null;

    [Property(MaxTest = 300)]
    public Property Write_then_Parse_should_give_back_every_field_of_every_content_type() =>
        Prop.ForAll(RobotMessages.Messages.ToArbitrary(), message =>
        {
            var back = Parsed(RobotMessageCodec.Write(message));

            RobotMessages.AssertSame(message, back);
        });

    private static RobotMessage Parsed(string json) =>
        Assert.IsType<RobotMessageParseResult.Parsed>(RobotMessageCodec.Parse(json)).Message;

    private static RobotMessageContent Content(string msgType, string contentJson) =>
        Parsed($$$"""{"msgId":"m","conversationId":"c","conversationType":"1","msgtype":"{{{msgType}}}","content":{{{contentJson}}}}""").Content;
}
