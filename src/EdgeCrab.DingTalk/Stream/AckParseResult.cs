namespace EdgeCrab.DingTalk.Stream;

/// <summary>The outcome of parsing what a client wrote back: an ack, or the reason it is not one.</summary>
public abstract record AckParseResult
{
    private AckParseResult() { }

    public sealed record Parsed(AckFrame Ack) : AckParseResult;

    public sealed record Malformed(string Reason) : AckParseResult;
}
