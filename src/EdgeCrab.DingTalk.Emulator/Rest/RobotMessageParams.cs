using System.Text;
using System.Text.Json;

namespace EdgeCrab.DingTalk.Emulator.Rest;

/// <summary>
/// The robot API's <c>msgKey</c>/<c>msgParam</c> pairs: which keys each message kind needs, and the text a person
/// would see, for the conversation log.
/// </summary>
internal static class RobotMessageParams
{
    /// <summary>DingTalk refuses larger <c>msgParam</c>s (documented for group sends).</summary>
    public const int MaxMsgParamBytes = 15_000;

    private static readonly Dictionary<string, (string[] Required, string Display, string Msgtype)> Kinds = new(StringComparer.Ordinal)
    {
        ["sampleText"] = (["content"], "content", "text"),
        ["sampleMarkdown"] = (["title", "text"], "text", "markdown"),
        ["sampleImageMsg"] = (["photoURL"], "photoURL", "image"),
        ["sampleLink"] = (["text", "title", "messageUrl"], "text", "link"),
        ["sampleActionCard"] = (["title", "text"], "text", "actionCard"),
        ["sampleAudio"] = (["mediaId", "duration"], "mediaId", "audio"),
        ["sampleFile"] = (["mediaId", "fileName", "fileType"], "fileName", "file"),
        ["sampleVideo"] = (["duration", "videoMediaId", "videoType"], "videoMediaId", "video"),
    };

    /// <summary>The displayed text and msgtype, or the DingTalk error code and message that refuse the pair.</summary>
    public static (string? Text, string? Msgtype, string? ErrorCode, string? Error) Read(string? msgKey, string? msgParam)
    {
        if (string.IsNullOrEmpty(msgKey)) return (null, null, "invalidParameter.msgKey.empty", "msgKey 不能为空");
        if (!Kinds.TryGetValue(msgKey, out var kind)) return (null, null, "invalidParameter.msgKey.invalid", $"msgKey {msgKey} 不合法");
        if (string.IsNullOrEmpty(msgParam)) return (null, null, "invalidParameter.msgParam.invalid", "msgParam 不能为空");
        if (Encoding.UTF8.GetByteCount(msgParam) > MaxMsgParamBytes)
            return (null, null, "invalidParameter.msgParam.invalid", $"msgParam 超过 {MaxMsgParamBytes} 字节");
        try
        {
            using var doc = JsonDocument.Parse(msgParam);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null, "invalidParameter.msgParam.invalid", "msgParam 必须是 JSON 对象字符串");
            foreach (var key in kind.Required)
                if (!doc.RootElement.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.String)
                    return (null, null, "invalidParameter.msgParam.invalid", $"msgParam 缺少 {key}");
            return (doc.RootElement.GetProperty(kind.Display).GetString(), kind.Msgtype, null, null);
        }
        catch (JsonException)
        {
            return (null, null, "invalidParameter.msgParam.invalid", "msgParam 不是合法的 JSON 字符串");
        }
    }
}
