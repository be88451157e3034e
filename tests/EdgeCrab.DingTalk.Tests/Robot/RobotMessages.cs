using EdgeCrab.DingTalk.Robot;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeCrab.DingTalk.Tests.Robot;

/// <summary>Fully populated robot messages of every content type, and a structural comparison (records compare lists by reference).</summary>
internal static class RobotMessages
{
    private static Gen<string> Text =>
        Gen.Elements("a", "msg", " ", "中文", "😀", "\"", "\\", "\n", "$:LWCP_v1:$", "==", "<b>", "@张三")
            .ListOf().Select(parts => string.Concat(parts));

    private static Gen<string> Id => Text.Where(t => t.Length is > 0 and <= RobotMessageCodec.MaxIdLength && !t.Any(char.IsControl));

    private static Gen<string?> Optional => Gen.Frequency((4, Text.Select(t => (string?)t)), (1, Gen.Constant<string?>(null)));

    private static Gen<long?> Time => Gen.Frequency(
        (4, Gen.Choose(0, int.MaxValue).Select(n => (long?)(1_690_000_000_000L + n))),
        (1, Gen.Constant<long?>(null)));

    private static Gen<RobotMessageContent> Contents => Gen.OneOf(
        from content in Text
        from replied in Gen.Frequency(
            (1, Gen.Constant<RepliedMessage?>(null)),
            (1, from type in Optional from id in Optional from sender in Optional from at in Time from c in Optional
                select (RepliedMessage?)new RepliedMessage(type, id, sender, at, c)))
        select (RobotMessageContent)new TextContent(content, replied is not null, replied),
        from items in (from type in Gen.Elements<string?>(null, "text", "picture", "at", "emoji")
                       from text in Optional from dc in Optional from pdc in Optional from atName in Optional from atUser in Optional
                       select new RichTextItem(type, text, dc, pdc, atName, atUser)).ListOf()
        select (RobotMessageContent)new RichTextContent(items.ToArray()),
        Gen.Zip(Optional, Optional).Select(t => (RobotMessageContent)new PictureContent(t.Item1, t.Item2)),
        from dc in Optional from recognition in Optional from duration in Optional
        select (RobotMessageContent)new AudioContent(dc, recognition, duration),
        from dc in Optional from duration in Optional from videoType in Optional
        select (RobotMessageContent)new VideoContent(dc, duration, videoType),
        from dc in Optional from name in Optional from space in Optional from file in Optional
        select (RobotMessageContent)new FileContent(dc, name, space, file),
        from type in Gen.Elements(RobotMsgTypes.Unknown, "interactiveCard", "markdown")
        from notice in Optional
        select (RobotMessageContent)new UnsupportedContent(type, notice));

    public static Gen<RobotMessage> Messages =>
        // Ids the codec takes (longer ones, or with control characters, are refused: they could never be persisted).
        from ids in Gen.Zip(Id, Id)
        from content in Contents
        from type in Gen.Elements(ConversationType.Direct, ConversationType.Group)
        from title in Optional
        from senderId in Optional
        from staffId in Optional
        from nick in Optional
        from corp in Optional
        from platform in Optional
        from botId in Optional
        from botCorp in Optional
        from robotCode in Optional
        from flags in Gen.Zip(Gen.Elements(true, false), Gen.Elements(true, false))
        from atUsers in Gen.Zip(Optional, Optional).Select(t => new AtUser(t.Item1, t.Item2)).ListOf()
        from webhook in Optional
        from times in Gen.Zip(Time, Time)
        from thread in Optional
        from hosting in Gen.Frequency((1, Gen.Constant<HostingContext?>(null)), (2, Gen.Zip(Optional, Optional).Select(t => (HostingContext?)new HostingContext(t.Item1, t.Item2))))
        from context in (from read in Optional from user in Optional from sent in Time select new ConversationMessageContext(read, user, sent)).ListOf()
        from originalMsgId in Optional
        from originalKey in Optional
        from aiSession in Optional
        select new RobotMessage
        {
            MsgId = ids.Item1,
            Content = content,
            ConversationId = ids.Item2,
            ConversationType = type,
            ConversationTitle = title,
            SenderId = senderId,
            SenderStaffId = staffId,
            SenderNick = nick,
            SenderCorpId = corp,
            SenderPlatform = platform,
            ChatbotUserId = botId,
            ChatbotCorpId = botCorp,
            RobotCode = robotCode,
            IsAdmin = flags.Item1,
            IsInAtList = flags.Item2,
            AtUsers = atUsers.ToArray(),
            SessionWebhook = webhook,
            SessionWebhookExpiredTime = times.Item1,
            CreateAt = times.Item2,
            OpenThreadId = thread,
            HostingContext = hosting,
            ConversationMsgContext = context.ToArray(),
            OriginalMsgId = originalMsgId,
            OriginalProcessQueryKey = originalKey,
            AiRobotSessionId = aiSession,
        };

    public static void AssertSame(RobotMessage expected, RobotMessage actual)
    {
        Assert.Equal(expected.AtUsers, actual.AtUsers);
        Assert.Equal(expected.ConversationMsgContext, actual.ConversationMsgContext);
        if (expected.Content is RichTextContent rich)
            Assert.Equal(rich.Items, Assert.IsType<RichTextContent>(actual.Content).Items);
        else
            Assert.Equal(expected.Content, actual.Content);
        // Everything else is compared by the record's own equality, lists and rich content set aside.
        Assert.Equal(Scalars(expected), Scalars(actual));
    }

    private static readonly AtUser[] NoAtUsers = [];
    private static readonly ConversationMessageContext[] NoContext = [];
    private static readonly RobotMessageContent NoContent = new UnsupportedContent("", null);

    private static RobotMessage Scalars(RobotMessage m) =>
        m with { AtUsers = NoAtUsers, ConversationMsgContext = NoContext, Content = NoContent };
}
