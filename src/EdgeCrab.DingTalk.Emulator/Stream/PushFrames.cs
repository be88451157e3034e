using System.Globalization;
using System.Security.Cryptography;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>The frames the emulator pushes, written by the protocol library's codec with DingTalk's headers.</summary>
internal sealed class PushFrames(EmulatorApp emulator, TimeProvider clock)
{
    private int _malformedVariant;

    /// <summary>A messageId shaped like DingTalk's, e.g. <c>212ca9d7_974_1898c159aa6_1783b</c>.</summary>
    public string NewMessageId() =>
        string.Join('_',
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            RandomNumberGenerator.GetInt32(100, 1000).ToString(CultureInfo.InvariantCulture),
            clock.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]);

    public string Callback(PendingCallback callback, StreamConnection connection) =>
        StreamFrameCodec.WriteFrame(new StreamFrame(StreamFrameType.Callback, new Dictionary<string, string>
        {
            [StreamHeaders.AppId] = emulator.AppId,
            [StreamHeaders.ConnectionId] = connection.Id,
            [StreamHeaders.ContentType] = StreamHeaders.JsonContentType,
            [StreamHeaders.MessageId] = callback.MessageId,
            [StreamHeaders.Time] = Now(),
            [StreamHeaders.Topic] = callback.Topic,
        }, callback.Data));

    public string Ping(string messageId, string data) => System(StreamTopics.Ping, messageId, data);

    public string Disconnect(string messageId) => System(StreamTopics.Disconnect, messageId, "{\"reason\":\"connection is expired\"}");

    /// <summary>A frame no client can use; successive calls cycle through the kinds of damage DingTalk's docs warn about.</summary>
    public string Malformed(string topic)
    {
        var messageId = NewMessageId();
        return (Interlocked.Increment(ref _malformedVariant) % 3) switch
        {
            1 => "{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":{\"topic\":\"" + topic + "\",\"messageId\":\"" + messageId + "\"", // truncated JSON
            2 => "{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"headers\":{\"topic\":\"" + topic + "\",\"messageId\":\"" + messageId + "\"},\"data\":{\"not\":\"a string\"}}",
            _ => "{\"specVersion\":\"1.0\",\"type\":\"CALLBACK\",\"data\":\"{}\"}", // no headers at all
        };
    }

    private string System(string topic, string messageId, string data) =>
        StreamFrameCodec.WriteFrame(new StreamFrame(StreamFrameType.System, new Dictionary<string, string>
        {
            [StreamHeaders.ContentType] = StreamHeaders.JsonContentType,
            [StreamHeaders.MessageId] = messageId,
            [StreamHeaders.Time] = Now(),
            [StreamHeaders.Topic] = topic,
        }, data));

    private string Now() => clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
