using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Gateway.Connection;
using EdgeCrab.Gateway.Sessions;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Connection;

public sealed class InboundRulesSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionWebhookPolicy Webhooks = new(new Uri("http://127.0.0.1:5000"));
    private static readonly InboundPolicy Everyone = new(new HashSet<string>(), 100, Webhooks);

    private static RobotMessage Message(RobotMessageContent content, ConversationType type = ConversationType.Direct, bool atRobot = false,
        string staffId = "user001", string? webhook = "https://oapi.dingtalk.com/robot/sendBySession?session=abc") => new()
    {
        MsgId = "msg-1",
        Content = content,
        ConversationId = type == ConversationType.Group ? "cid-group" : "cid-dm",
        ConversationType = type,
        SenderStaffId = staffId,
        SenderNick = "Nick",
        IsInAtList = atRobot,
        SessionWebhook = webhook,
        SessionWebhookExpiredTime = Now.AddMinutes(90).ToUnixTimeMilliseconds(),
        CreateAt = Now.ToUnixTimeMilliseconds(),
    };

    private static InboundMessage Delivered(RobotMessage message, InboundPolicy? policy = null) =>
        Assert.IsType<InboundDecision.Deliver>(InboundRules.Apply(message, policy ?? Everyone, Now)).Message;

    [Fact]
    public void A_DM_should_always_be_delivered_as_a_prompt()
    {
        var inbound = Delivered(Message(new TextContent("  hello  ")));
        Assert.Equal("hello", inbound.Text);
        Assert.Equal(ChatKind.Direct, inbound.Kind);
        Assert.Null(inbound.Refusal);
        Assert.Equal(Now.AddMinutes(90), inbound.ReplyTo.WebhookExpiresAt);
        Assert.Equal("user001", inbound.ReplyTo.SenderStaffId);
    }

    [Fact]
    public void A_group_message_should_be_delivered_only_when_the_robot_is_mentioned_with_the_mention_stripped()
    {
        Assert.IsType<InboundDecision.Ignore>(InboundRules.Apply(Message(new TextContent(" hi all"), ConversationType.Group), Everyone, Now));
        var inbound = Delivered(Message(new TextContent(" summarise this"), ConversationType.Group, atRobot: true));
        Assert.Equal("summarise this", inbound.Text);
        Assert.Equal(ChatKind.Group, inbound.Kind);
    }

    [Fact]
    public void A_sender_outside_the_allow_list_should_be_ignored_with_a_reason_that_has_no_text()
    {
        var policy = Everyone with { AllowedUsers = new HashSet<string> { "manager001" } };
        var ignore = Assert.IsType<InboundDecision.Ignore>(InboundRules.Apply(Message(new TextContent("secret plans"), staffId: "user003"), policy, Now));
        Assert.Contains("user003", ignore.Reason);
        Assert.DoesNotContain("secret plans", ignore.Reason);
        Assert.Equal("hi", Delivered(Message(new TextContent("hi"), staffId: "manager001"), policy).Text);
    }

    [Fact]
    public void Unsupported_types_should_be_refused_with_one_clear_reply()
    {
        var inbound = Delivered(Message(new UnsupportedContent("unknownMsgType", "a sticker")));
        Assert.StartsWith("I can only read text for now", inbound.Refusal);
    }

    [Fact]
    public void Pictures_and_files_should_become_attachments_with_their_markers_and_a_video_a_description()
    {
        var picture = Delivered(Message(new PictureContent("code-p", "code-pd")));
        Assert.Equal("[picture]", picture.Text);
        Assert.Equal([new Attachment(AttachmentKind.Picture, "code-p")], picture.Attachments);
        var file = Delivered(Message(new FileContent("code-f", "README", "space", "file")));
        Assert.Equal("[file: README]", file.Text);
        Assert.Equal([new Attachment(AttachmentKind.File, "code-f", "README")], file.Attachments);
        var video = Delivered(Message(new VideoContent("code-v", "5", "mp4")));
        Assert.Null(video.Refusal);
        Assert.Contains("a video of 5 s", video.Text);
        Assert.Null(video.Attachments);
    }

    [Fact]
    public void A_voice_message_with_a_transcript_should_be_read_as_text()
    {
        Assert.Equal("what time is it", Delivered(Message(new AudioContent("code", "what time is it", "3"))).Text);
        Assert.NotNull(Delivered(Message(new AudioContent("code", null, "3"))).Refusal);
    }

    [Fact]
    public void Rich_text_should_be_read_for_its_text_and_refused_when_it_has_none()
    {
        var withText = new RichTextContent([new RichTextItem(null, "look at ", null, null, null, null), new RichTextItem("picture", null, "c", "c", null, null), new RichTextItem(null, "this", null, null, null, null)]);
        // The picture is said to be there, in its place (the model cannot see it yet: downloads are issue 13's next part).
        Assert.Equal("look at [picture] this", Delivered(Message(withText)).Text);
        var pictureOnly = Delivered(Message(new RichTextContent([new RichTextItem("picture", null, "c", "c", null, null)])));
        Assert.Equal("[picture]", pictureOnly.Text);
        Assert.Single(pictureOnly.Attachments!);
    }

    [Fact]
    public void Oversized_and_empty_text_should_be_refused_with_a_reason()
    {
        var tooLong = Delivered(Message(new TextContent(new string('x', 101))));
        Assert.Contains("101 characters", tooLong.Refusal);
        Assert.True(tooLong.Text.Length <= 101);
        Assert.Contains("empty", Delivered(Message(new TextContent("   "))).Refusal);
    }

    [Theory]
    [InlineData("https://evil.example/robot/sendBySession?session=abc")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=someone-else")]
    [InlineData("http://oapi.dingtalk.com/robot/sendBySession?session=abc")]
    public void A_forged_webhook_should_be_dropped_and_warned_about_while_the_message_is_still_answered(string webhook)
    {
        var deliver = Assert.IsType<InboundDecision.Deliver>(InboundRules.Apply(Message(new TextContent("hi"), webhook: webhook), Everyone, Now));
        Assert.Null(deliver.Message.ReplyTo.SessionWebhook);
        Assert.Contains("forged session webhook", deliver.Warning);
        Assert.DoesNotContain("session=abc", deliver.Warning);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(253402300800000L)]
    public void An_absurd_createAt_should_be_read_as_the_time_of_arrival(long createAt)
    {
        var inbound = Delivered(Message(new TextContent("hi")) with { CreateAt = createAt });

        Assert.Equal(Now, inbound.ReceivedAt);
        Assert.Equal("hi", inbound.Text);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    public void A_webhook_with_an_absurd_expiry_should_be_dropped_so_replies_take_the_robot_API(long expiry)
    {
        var deliver = Assert.IsType<InboundDecision.Deliver>(InboundRules.Apply(
            Message(new TextContent("hi")) with { SessionWebhookExpiredTime = expiry }, Everyone, Now));

        Assert.Null(deliver.Message.ReplyTo.SessionWebhook);
        Assert.Null(deliver.Message.ReplyTo.WebhookExpiresAt);
        Assert.Contains("expiry is not a real time", deliver.Warning);
        Assert.DoesNotContain("session=abc", deliver.Warning);
    }
}
