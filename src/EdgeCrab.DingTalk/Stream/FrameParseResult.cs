namespace EdgeCrab.DingTalk.Stream;

/// <summary>The outcome of parsing one inbound websocket message: a frame, or the reason it is not one.</summary>
public abstract record FrameParseResult
{
    private FrameParseResult() { }

    /// <summary>A well-formed frame.</summary>
    public sealed record Parsed(StreamFrame Frame) : FrameParseResult;

    /// <summary>Not a frame. <see cref="MessageId"/> is set when one could still be read, so the frame can be refused by id.</summary>
    public sealed record Malformed(string Reason, string? MessageId = null) : FrameParseResult;
}
