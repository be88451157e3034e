using EdgeCrab.DingTalk.Emulator.Http;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>A person writing to the robot, as <c>POST /_emulator/inbound</c> describes it.</summary>
internal sealed record InboundRequest(
    ConversationType ConversationType,
    string ConversationId,
    string? ConversationTitle,
    string SenderStaffId,
    string? SenderNick,
    string Text,
    bool AtRobot,
    string MsgType,
    string? SessionWebhook)
{
    /// <summary>The bytes of the picture or file sent (<c>fileBase64</c>); null serves the emulator's own small sample.</summary>
    public byte[]? FileBytes { get; init; }

    /// <summary>The media type those bytes are served with (<c>mediaType</c>).</summary>
    public string? FileMediaType { get; init; }

    /// <summary>A rich text message's own items, in order (<c>items</c>); null builds its text and then one picture.</summary>
    public IReadOnlyList<InboundRichItem>? Items { get; init; }

    /// <summary>The most a sent file may hold: what fits, as base64, in the emulator's 1 MiB request bodies.</summary>
    public const int MaxFileBytes = 512 * 1024;

    // Base64 takes 4 characters for every 3 bytes, the last group padded.
    public const int MaxFileBase64Length = (MaxFileBytes + 2) / 3 * 4;

    private static readonly HashSet<string> KnownMsgTypes = new(StringComparer.Ordinal)
    {
        RobotMsgTypes.Text, RobotMsgTypes.Picture, RobotMsgTypes.Audio, RobotMsgTypes.File,
        RobotMsgTypes.RichText, RobotMsgTypes.Video, RobotMsgTypes.Unknown,
    };

    /// <summary>The request, or why it is not one.</summary>
    public static (InboundRequest? Request, string? Problem) Read(RequestObject o)
    {
        var type = o.String("conversationType", required: true);
        var conversationId = o.String("conversationId", required: true, maxLength: 256);
        var title = o.String("conversationTitle", maxLength: 256);
        var staffId = o.String("senderStaffId", required: true, maxLength: 256);
        var nick = o.String("senderNick", maxLength: 256);
        var text = o.String("text");
        var atRobot = o.Bool("atRobot") ?? false;
        var msgtype = o.String("msgtype") ?? RobotMsgTypes.Text;
        var webhook = o.String("sessionWebhook", maxLength: 2048);
        var fileBase64 = o.String("fileBase64", maxLength: MaxFileBase64Length);
        var mediaType = o.String("mediaType", maxLength: 256);
        var itemElements = o.Array("items");
        if (o.Problem is { } problem) return (null, problem);
        IReadOnlyList<InboundRichItem>? items = null;
        if (itemElements is not null)
        {
            if (msgtype != RobotMsgTypes.RichText) return (null, "'items' is for a richText message only");
            if (text is not null || fileBase64 is not null) return (null, "'items' replaces 'text' and 'fileBase64': give one or the other");
            (items, var itemsProblem) = InboundRichItem.ReadAll(itemElements);
            if (itemsProblem is not null) return (null, itemsProblem);
        }
        byte[]? fileBytes = null;
        if (fileBase64 is not null)
        {
            try { fileBytes = Convert.FromBase64String(fileBase64); }
            catch (FormatException) { return (null, "'fileBase64' must be base64"); }
            if (fileBytes.Length > MaxFileBytes) return (null, $"'fileBase64' holds more than {MaxFileBytes:N0} bytes");
        }
        if (type is not ("1" or "2")) return (null, "'conversationType' must be \"1\" (one-to-one) or \"2\" (group)");
        if (!KnownMsgTypes.Contains(msgtype)) return (null, $"'msgtype' must be one of {string.Join(", ", KnownMsgTypes)}");
        // Only a text message needs text; for the others it is optional (a caption, a file name, what audio said).
        if (msgtype == RobotMsgTypes.Text && string.IsNullOrEmpty(text)) return (null, "'text' is required for a text message");
        if (webhook is not null && !Uri.TryCreate(webhook, UriKind.Absolute, out _)) return (null, "'sessionWebhook' must be an absolute URL");
        var conversationType = type == "1" ? ConversationType.Direct : ConversationType.Group;
        // What the conversation log shows of a rich text given by items: its text, with its pictures as markers.
        var shown = items is null ? text ?? "" : string.Concat(items.Select(i => i.Text ?? "[picture]"));
        return (new InboundRequest(conversationType, conversationId!, title, staffId!, nick, shown, atRobot, msgtype, webhook)
        {
            FileBytes = fileBytes,
            FileMediaType = mediaType,
            Items = items,
        }, null);
    }
}
