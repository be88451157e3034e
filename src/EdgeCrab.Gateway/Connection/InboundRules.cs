using EdgeCrab.DingTalk.Robot;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// DESIGN.md's inbound rules, before any session exists: DMs always, groups only when the robot is @mentioned
/// (mention stripped), senders outside the allow-list never reach the agent, unsupported types and over-long text
/// get one clear reply, and a session webhook that is not DingTalk's is never kept.
/// </summary>
public static class InboundRules
{
    public static InboundDecision Apply(RobotMessage message, InboundPolicy policy, DateTimeOffset now)
    {
        if (policy.AllowedUsers.Count > 0 && (message.SenderStaffId is not { } staffId || !policy.AllowedUsers.Contains(staffId)))
            return new InboundDecision.Ignore($"sender {message.SenderStaffId ?? "(no staff id)"} is not in DINGTALK_ALLOWED_USERS");
        if (message.ConversationType == ConversationType.Group && !message.IsInAtList)
            return new InboundDecision.Ignore("group message that does not @mention the robot");

        var kind = message.ConversationType == ConversationType.Group ? ChatKind.Group : ChatKind.Direct;
        var (webhook, expiresAt, warning) = ReadWebhook(message, policy);
        var target = new ReplyTarget(message.ConversationId, kind, message.SenderStaffId, webhook, expiresAt);

        var (text, refusal) = ReadText(message, policy.MaxChars);
        // An absurd createAt (negative, past year 9999) is no time at all: the message is as old as its arrival.
        var sentAt = message.CreateAt is { } createAt ? UnixMilliseconds.ToInstant(createAt) ?? now : now;
        var attachments = refusal is null ? AttachmentsOf(message.Content) : [];
        var inbound = new InboundMessage(
            message.MsgId, message.ConversationId, kind, message.SenderKey, message.SenderNick, text, target, sentAt, refusal)
        {
            Attachments = attachments.Count == 0 ? null : attachments,
        };
        return new InboundDecision.Deliver(inbound, warning);
    }

    private static (string? Webhook, DateTimeOffset? ExpiresAt, string? Warning) ReadWebhook(RobotMessage message, InboundPolicy policy)
    {
        if (message.SessionWebhook is not { } webhook) return (null, null, null);
        if (policy.Webhooks.Check(webhook) is { } forged)
            return (null, null, $"ignoring a forged session webhook: {forged}");
        if (message.SessionWebhookExpiredTime is not { } ms) return (webhook, null, null);
        // An expiry that is no real time says nothing about when the webhook dies, and the sender trusts a webhook
        // without an expiry until it fails: drop it instead, so replies take the robot API, which does not expire.
        return UnixMilliseconds.ToInstant(ms) is { } expiresAt
            ? (webhook, expiresAt, null)
            : (null, null, "ignoring a session webhook whose expiry is not a real time");
    }

    private static (string Text, string? Refusal) ReadText(RobotMessage message, int maxChars)
    {
        // Text, rich text as the person meant it (mentions, pictures in place), or a voice message's transcript;
        // a picture or a file is its marker, and the turn downloads it for the model.
        var text = RobotMessageText.Read(message) ?? message.Content switch
        {
            PictureContent { DownloadCode: not null } or PictureContent { PictureDownloadCode: not null } => RobotMessageText.PictureMarker,
            RichTextContent rich when rich.Items.Any(i => i.Type == "picture") =>
                string.Join(' ', rich.Items.Where(i => i.Type == "picture").Select(_ => RobotMessageText.PictureMarker)),
            FileContent { DownloadCode: not null } file => $"[file: {file.FileName ?? "(no name)"}]",
            VideoContent video => $"[a video{(video.Duration is { Length: > 0 } seconds ? $" of {seconds} s" : "")}: only its being here can be told]",
            _ => null,
        };
        if (text is null)
            return (Describe(message.Content), $"I can only read text for now, and this was {Describe(message.Content)}. Please send your question as text.");
        var cleaned = MentionStripper.Strip(text);
        if (cleaned.Length == 0)
            return ("", "Your message was empty. Write your question after mentioning me.");
        if (cleaned.Length > maxChars)
            return (cleaned[..Math.Min(200, maxChars)] + "…", $"Your message is {cleaned.Length:N0} characters long; I can take at most {maxChars:N0}. Please shorten it or split it up.");
        return (cleaned, null);
    }

    /// <summary>The pictures and files to download for the turn, in the order their markers stand in the text.</summary>
    private static IReadOnlyList<Attachment> AttachmentsOf(RobotMessageContent content) => content switch
    {
        PictureContent picture when (picture.DownloadCode ?? picture.PictureDownloadCode) is { } code => [new Attachment(AttachmentKind.Picture, code)],
        RichTextContent rich => rich.Items.Where(i => i.Type == "picture" && (i.DownloadCode ?? i.PictureDownloadCode) is not null)
            .Select(i => new Attachment(AttachmentKind.Picture, (i.DownloadCode ?? i.PictureDownloadCode)!)).ToList(),
        FileContent { DownloadCode: { } code } file => [new Attachment(AttachmentKind.File, code, file.FileName)],
        _ => [],
    };

    private static string Describe(RobotMessageContent content) => content switch
    {
        PictureContent => "a picture",
        AudioContent => "a voice message without a transcript",
        VideoContent => "a video",
        FileContent => "a file",
        RichTextContent => "a picture without text",
        UnsupportedContent u => $"a message of type '{u.Type}'",
        _ => "a message I cannot read",
    };
}
