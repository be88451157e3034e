using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Rest;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>Builds the full robot callback DingTalk would send for what a person wrote, session webhook included.</summary>
internal sealed class RobotMessageFactory(EmulatorApp emulator, SessionWebhooks webhooks, MessageFiles files, FaultSwitches faults, TimeProvider clock)
{
    public RobotMessage Build(InboundRequest request)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + faults.WebhookLifetime;
        var isGroup = request.ConversationType == ConversationType.Group;
        var mentioned = isGroup && request.AtRobot;
        // A forged webhook is passed through untouched: the gateway must refuse to call it.
        var webhook = request.SessionWebhook
            ?? new Uri(emulator.BaseUri, "robot/sendBySession?session=" + webhooks.Open(request.ConversationId, expiresAt)).ToString();
        return new RobotMessage
        {
            MsgId = NewMsgId(),
            Content = Content(request, mentioned),
            ConversationId = request.ConversationId,
            ConversationType = request.ConversationType,
            ConversationTitle = isGroup ? request.ConversationTitle ?? request.ConversationId : null,
            SenderId = EmulatorApp.EncryptedId("user:" + request.SenderStaffId),
            SenderStaffId = request.SenderStaffId,
            SenderNick = request.SenderNick ?? request.SenderStaffId,
            SenderCorpId = emulator.CorpId,
            SenderPlatform = "Web",
            ChatbotUserId = emulator.ChatbotUserId,
            ChatbotCorpId = emulator.CorpId,
            RobotCode = emulator.RobotCode,
            IsInAtList = mentioned,
            AtUsers = mentioned ? [new AtUser(emulator.ChatbotUserId, null)] : [],
            SessionWebhook = webhook,
            SessionWebhookExpiredTime = expiresAt.ToUnixTimeMilliseconds(),
            CreateAt = now.ToUnixTimeMilliseconds(),
        };
    }

    private RobotMessageContent Content(InboundRequest request, bool mentioned)
    {
        var (msgtype, text) = (request.MsgType, request.Text);
        // In a text message DingTalk removes the robot's @name but leaves the space after it.
        if (msgtype == RobotMsgTypes.Text) return new TextContent(mentioned ? " " + text : text);
        // Without items of its own, a rich text is its text and then one picture (the bytes sent, else the sample).
        if (msgtype == RobotMsgTypes.RichText)
            return RichText(request.Items ?? [new InboundRichItem(text, null, null), new InboundRichItem(null, request.FileBytes, request.FileMediaType)], mentioned);
        var downloadCode = files.Register(msgtype, request.FileBytes, request.FileMediaType);
        return msgtype switch
        {
            RobotMsgTypes.Picture => new PictureContent(downloadCode, downloadCode),
            RobotMsgTypes.Audio => new AudioContent(downloadCode, text, "4"),
            RobotMsgTypes.Video => new VideoContent(downloadCode, "5", "mp4"),
            RobotMsgTypes.File => new FileContent(downloadCode, string.IsNullOrWhiteSpace(text) ? "report.pdf" : text.Trim(), "28393", EmulatorApp.RandomText(12)),
            RobotMsgTypes.Unknown => new UnsupportedContent(RobotMsgTypes.Unknown, "[该消息类型暂不支持，请在手机端查看]"),
            _ => new TextContent(text),
        };
    }

    // As real richText comes: the robot's @name is its own first item, text items carry no type, and each picture has
    // its own download code.
    private RichTextContent RichText(IReadOnlyList<InboundRichItem> items, bool mentioned) => new(
    [
        .. mentioned ? [new RichTextItem(null, "@" + emulator.Options.RobotName, null, null, null, null)] : Array.Empty<RichTextItem>(),
        .. items.Select(item =>
        {
            if (!item.IsPicture) return new RichTextItem(null, item.Text, null, null, null, null);
            var code = files.Register(RobotMsgTypes.Picture, item.PictureBytes, item.MediaType);
            return new RichTextItem("picture", null, code, code, null, null);
        }),
    ]);

    // Shaped like DingTalk's (msg + base64); '/' would break the msgId in /_emulator/callbacks/{msgId} URLs.
    private static string NewMsgId() =>
        "msg" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)).Replace('/', '_').Replace('+', '-');
}
