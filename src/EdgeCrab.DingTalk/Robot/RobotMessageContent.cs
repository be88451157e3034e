namespace EdgeCrab.DingTalk.Robot;

/// <summary>The body of a robot message, by <c>msgtype</c>.</summary>
public abstract record RobotMessageContent
{
    private protected RobotMessageContent() { }

    public abstract string MsgType { get; }
}

/// <summary>A quoted earlier message carried by a text reply.</summary>
public sealed record RepliedMessage(string? MsgType, string? MsgId, string? SenderId, long? CreatedAt, string? Content);

/// <summary><c>text</c>: plain text; <see cref="Replied"/> is set when the user quoted a message.</summary>
public sealed record TextContent(string Content, bool IsReplyMsg = false, RepliedMessage? Replied = null) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.Text;
}

/// <summary>One item of a rich text message: text, a picture, an @mention or an emoji.</summary>
public sealed record RichTextItem(string? Type, string? Text, string? DownloadCode, string? PictureDownloadCode, string? AtName, string? AtUserId);

/// <summary><c>richText</c>: mixed text and pictures.</summary>
public sealed record RichTextContent(IReadOnlyList<RichTextItem> Items) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.RichText;

    /// <summary>The text parts joined in order; empty when the message holds only pictures.</summary>
    public string PlainText => string.Concat(Items.Where(i => i.Text is not null && i.Type is null or "text").Select(i => i.Text));
}

/// <summary><c>picture</c>.</summary>
public sealed record PictureContent(string? DownloadCode, string? PictureDownloadCode) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.Picture;
}

/// <summary><c>audio</c>, with DingTalk's own speech recognition when it has one.</summary>
public sealed record AudioContent(string? DownloadCode, string? Recognition, string? Duration) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.Audio;
}

/// <summary><c>video</c>.</summary>
public sealed record VideoContent(string? DownloadCode, string? Duration, string? VideoType) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.Video;
}

/// <summary><c>file</c>.</summary>
public sealed record FileContent(string? DownloadCode, string? FileName, string? SpaceId, string? FileId) : RobotMessageContent
{
    public override string MsgType => RobotMsgTypes.File;
}

/// <summary>Any other msgtype (including <c>unknownMsgType</c>); <see cref="Notice"/> is DingTalk's human-readable text when given.</summary>
public sealed record UnsupportedContent(string Type, string? Notice) : RobotMessageContent
{
    public override string MsgType => Type;
}
