namespace EdgeCrab.DingTalk.Replies;

/// <summary>
/// How large one reply message may be: characters (UTF-16 code units) and UTF-8 bytes. Bytes are counted as the
/// text is written inside a JSON string (an escaped quote or newline is two bytes, an emoji twelve), so a chunk is
/// never larger in UTF-8, and its size in a request body is known.
/// </summary>
public sealed record ReplyLimits(int MaxChars, int MaxUtf8Bytes)
{
    /// <summary>
    /// 6,000 characters and 14,000 bytes: under every limit DingTalk's send paths are known to enforce. The tightest
    /// is the robot API's msgParam, at most 15,000 bytes (protocol doc §4.3): the chunk plus its keys and a title
    /// of up to about 900 bytes.
    /// </summary>
    public static readonly ReplyLimits DingTalk = new(6000, 14000);
}
