using System.Globalization;
using System.Text;

namespace EdgeCrab.DingTalk.Robot;

/// <summary>
/// The text a robot message means, as the agent should read it (dingtalk-protocol.md §3.2–3.3, from real payloads):
/// <list type="bullet">
/// <item>A text message: its content, and who else was @mentioned. DingTalk removes every <c>@name</c> from the text
/// and lists the people in <c>atUsers</c> (ids, no names); the robot is the one whose <c>dingtalkId</c> equals
/// <c>chatbotUserId</c>. Others with a staff id are named at the end: <c>(also mentioned: user002)</c>.</item>
/// <item>A richText message: its items in order. The robot's own mention arrives as the message's first item, alone
/// (<c>{"text":"@小白"}</c>), and is dropped when the robot was mentioned (<c>isInAtList</c>, or its id in
/// <c>atUsers</c>): decided from that structure, since the payload never carries the robot's name. Other mentions
/// stay as written (<c>@释心</c>, or <c>@atName</c> for an <c>at</c> item). A picture is <c>[picture]</c> in its place.
/// Items are joined as a reader expects: a space around a mention or a picture, and between two Latin words; none
/// between CJK characters.</item>
/// <item>A voice message: DingTalk's transcript.</item>
/// </list>
/// Null when there is no text to read (a lone picture, a file, a video).
/// </summary>
public static class RobotMessageText
{
    public const string PictureMarker = "[picture]";

    public static string? Read(RobotMessage message) => message.Content switch
    {
        TextContent text => text.Content.Trim() + OthersMentioned(message),
        RichTextContent rich => RichText(rich, message),
        AudioContent { Recognition: { Length: > 0 } recognition } => recognition,
        _ => null,
    };

    private static string OthersMentioned(RobotMessage message)
    {
        var others = message.AtUsers
            .Where(at => at.DingtalkId is null || at.DingtalkId != message.ChatbotUserId)
            .Select(at => at.StaffId).OfType<string>().Where(id => id != message.SenderStaffId).Distinct().ToList();
        return others.Count == 0 ? "" : $"\n(also mentioned: {string.Join(", ", others)})";
    }

    private static string? RichText(RichTextContent rich, RobotMessage message)
    {
        var items = rich.Items.ToList();
        var robotMentioned = message.IsInAtList || message.AtUsers.Any(at => at.DingtalkId is not null && at.DingtalkId == message.ChatbotUserId);
        if (robotMentioned && message.ConversationType == ConversationType.Group && items.Count > 0 && IsLoneMention(items[0])) items.RemoveAt(0);
        var parts = items.Select(PartOf).Where(p => p.Text.Length > 0).ToList();
        if (!parts.Any(p => p.Kind == PartKind.Text)) return null;
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0 && NeedsSpace(parts[i - 1], parts[i])) text.Append(' ');
            text.Append(parts[i].Text);
        }
        return text.ToString().Trim();
    }

    private static bool IsLoneMention(RichTextItem item) =>
        item.Type is null or "text" && item.Text?.Trim() is { Length: > 1 } text && text[0] == '@';

    private enum PartKind { Text, Mention, Picture }

    private readonly record struct Part(PartKind Kind, string Text);

    private static Part PartOf(RichTextItem item) => item.Type switch
    {
        "picture" => new(PartKind.Picture, PictureMarker),
        "at" => new(PartKind.Mention, item.AtName is { Length: > 0 } name ? "@" + name : item.Text?.Trim() ?? ""),
        null or "text" or "emoji" when item.Text?.Trim() is { } text && text.StartsWith('@') && !text.Contains(' ') => new(PartKind.Mention, text),
        null or "text" or "emoji" => new(PartKind.Text, item.Text?.Trim() ?? ""),
        _ => new(PartKind.Text, ""),
    };

    // A mention or a picture stands apart; plain text runs on, with a space only between two Latin words.
    private static bool NeedsSpace(Part before, Part after) =>
        before.Kind != PartKind.Text || after.Kind != PartKind.Text || (!IsCjk(before.Text[^1]) && !IsCjk(after.Text[0]));

    private static bool IsCjk(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter || char.IsPunctuation(c) && c > 0x2E7F;
}
