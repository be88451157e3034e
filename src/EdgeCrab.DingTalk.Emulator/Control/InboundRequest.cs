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
        if (o.Problem is { } problem) return (null, problem);
        if (type is not ("1" or "2")) return (null, "'conversationType' must be \"1\" (one-to-one) or \"2\" (group)");
        if (!KnownMsgTypes.Contains(msgtype)) return (null, $"'msgtype' must be one of {string.Join(", ", KnownMsgTypes)}");
        // Only a text message needs text; for the others it is optional (a caption, a file name, what audio said).
        if (msgtype == RobotMsgTypes.Text && string.IsNullOrEmpty(text)) return (null, "'text' is required for a text message");
        if (webhook is not null && !Uri.TryCreate(webhook, UriKind.Absolute, out _)) return (null, "'sessionWebhook' must be an absolute URL");
        var conversationType = type == "1" ? ConversationType.Direct : ConversationType.Group;
        return (new InboundRequest(conversationType, conversationId!, title, staffId!, nick, text ?? "", atRobot, msgtype, webhook), null);
    }
}
