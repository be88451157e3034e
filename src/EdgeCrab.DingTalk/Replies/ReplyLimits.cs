namespace EdgeCrab.DingTalk.Replies;

/// <summary>How large one reply message may be: characters (UTF-16 code units, so code points too) and UTF-8 bytes.</summary>
public sealed record ReplyLimits(int MaxChars, int MaxUtf8Bytes)
{
    /// <summary>6,000 characters and 20,000 bytes: under every limit DingTalk's send paths are known to enforce.</summary>
    public static readonly ReplyLimits DingTalk = new(6000, 20000);
}
