namespace EdgeCrab.DingTalk.Stream;

/// <summary>What a client writes back for a pushed frame: a status code, the pushed frame's messageId, and a data string.</summary>
public sealed record AckFrame(int Code, string MessageId, string Message, string Data)
{
    public const int Ok = 200;
    public const int BadRequest = 400;
    public const int NotFound = 404;
    public const int ClientError = 500;

    /// <summary>The ack DingTalk documents for a robot callback: code 200 and <c>{"response":null}</c>.</summary>
    public static AckFrame ForCallback(string messageId) => new(Ok, messageId, "OK", "{\"response\":null}");

    /// <summary>The answer to a SYSTEM ping: same messageId, data echoed unchanged (it carries the server's opaque value).</summary>
    public static AckFrame ForPing(StreamFrame ping) => new(Ok, ping.MessageId ?? "", "OK", ping.Data);

    /// <summary>A refusal of a callback that will never be processable, so DingTalk need not redeliver it.</summary>
    public static AckFrame Rejected(string messageId, string reason) => new(BadRequest, messageId, reason, "{\"response\":null}");
}
