using EdgeCrab.DingTalk.Replies;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>The settings a session decides with.</summary>
public sealed record SessionOptions(BusyMode BusyMode, ReplyChunker Chunker, string HooksDirectory)
{
    public static SessionOptions Default { get; } = new(BusyMode.Queue, ReplyChunker.ForDingTalk, "~/.edgecrab/hooks");
}
