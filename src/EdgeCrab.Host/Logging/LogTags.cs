namespace EdgeCrab.Host.Logging;

/// <summary>The short tags that lead a log line (property <c>Tag</c>), so a reader can pick one part of the gateway out of the output.</summary>
public static class LogTags
{
    /// <summary>The name of the property the output templates print before the message.</summary>
    public const string PropertyName = "Tag";

    /// <summary>The DingTalk connection's lines, as DESIGN.md promises.</summary>
    public const string DingTalk = "[dingtalk] ";

    /// <summary>Sources whose lines get <see cref="DingTalk"/>: the gateway's connection actors and the host's callback endpoint.</summary>
    public static readonly IReadOnlyList<string> DingTalkSources = ["EdgeCrab.Gateway.Connection", "EdgeCrab.Host.DingTalk"];
}
