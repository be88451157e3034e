namespace EdgeCrab.Host.Logging;

/// <summary>The short tags that lead a log line (property <c>Tag</c>), so a reader can pick one part of the gateway out of the output.</summary>
public static class LogTags
{
    /// <summary>The name of the property the output templates print before the message; set it yourself to choose a line's tag.</summary>
    public const string PropertyName = "Tag";

    /// <summary>The DingTalk connection's lines, as DESIGN.md promises.</summary>
    public const string DingTalk = "[dingtalk] ";

    public const string Emulator = "[emulator] ";

    public const string Hooks = "[hooks] ";

    /// <summary>Tag by <c>SourceContext</c> prefix, first match wins: the emulator is also under <c>EdgeCrab.DingTalk</c> but is not DingTalk.</summary>
    public static readonly IReadOnlyList<(string SourcePrefix, string Tag)> BySource =
    [
        ("EdgeCrab.DingTalk.Emulator", Emulator),
        ("EdgeCrab.Gateway.Connection", DingTalk),
        ("EdgeCrab.Gateway.Hooks", Hooks),
        ("EdgeCrab.Host.Runtime.CallbackEndpoint", DingTalk),
        ("EdgeCrab.DingTalk", DingTalk),
    ];
}
