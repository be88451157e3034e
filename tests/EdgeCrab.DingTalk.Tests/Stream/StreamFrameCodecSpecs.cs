using System.Text;
using System.Text.Json;
using EdgeCrab.DingTalk.Stream;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Stream;

public sealed class StreamFrameCodecSpecs
{
    // The shape of a real robot callback (protocol doc §2.1, from PEDIA and dingtalk-openclaw-connector#26).
    private const string RobotCallback =
        """{"specVersion":"1.0","type":"CALLBACK","headers":{"appId":"1305d5f5-3b35-4b3f-a4ad-2d2f7d2c1e11","connectionId":"a3c2f0c1-6a2e-4f47-9d8c-1b5e5d2a7f00","contentType":"application/json","messageId":"212ca9d7_974_1898c159aa6_1783b","time":"1690362102194","topic":"/v1.0/im/bot/messages/get"},"data":"{\"conversationId\":\"cidAbC123==\",\"msgId\":\"msgLICYe\",\"text\":{\"content\":\" 你好\"},\"msgtype\":\"text\"}"}""";

    private const string Ping =
        """{"type":"SYSTEM","headers":{"topic":"ping","messageId":"5f1a_ping_1","contentType":"application/json"},"data":"{\"opaque\":\"4ab6c6d1-2e1f-4f59-8f1d-7d1f4e2c3b0a\"}"}""";

    private const string DisconnectWithoutMessageId =
        """{"specVersion":"1.0","type":"SYSTEM","headers":{"topic":"disconnect","contentType":"application/json"},"data":"{\"reason\":\"connection is expired\"}"}""";

    [Fact]
    public void ParseFrame_should_read_a_real_robot_callback()
    {
        var frame = Parsed(RobotCallback);

        Assert.Equal(StreamFrameType.Callback, frame.Type);
        Assert.Equal("1.0", frame.SpecVersion);
        Assert.True(frame.IsRobotMessage);
        Assert.Equal("212ca9d7_974_1898c159aa6_1783b", frame.MessageId);
        Assert.Equal(StreamTopics.RobotMessage, frame.Topic);
        Assert.Equal("1690362102194", frame.Headers[StreamHeaders.Time]);
        Assert.Equal("1305d5f5-3b35-4b3f-a4ad-2d2f7d2c1e11", frame.Headers[StreamHeaders.AppId]);
        Assert.Equal("a3c2f0c1-6a2e-4f47-9d8c-1b5e5d2a7f00", frame.Headers[StreamHeaders.ConnectionId]);
        Assert.Equal("""{"conversationId":"cidAbC123==","msgId":"msgLICYe","text":{"content":" 你好"},"msgtype":"text"}""", frame.Data);
    }

    [Fact]
    public void ParseFrame_should_read_a_ping_without_spec_version()
    {
        var frame = Parsed(Ping);

        Assert.True(frame.IsPing);
        Assert.False(frame.IsRobotMessage);
        Assert.Null(frame.SpecVersion);
        Assert.Equal("5f1a_ping_1", frame.MessageId);
    }

    [Fact]
    public void ParseFrame_should_read_a_disconnect_without_message_id()
    {
        var frame = Parsed(DisconnectWithoutMessageId);

        Assert.True(frame.IsDisconnect);
        Assert.Null(frame.MessageId);
        Assert.Equal("""{"reason":"connection is expired"}""", frame.Data);
    }

    [Fact]
    public void ParseFrame_should_read_the_same_frame_from_bytes_as_from_text()
    {
        var fromBytes = Parsed(StreamFrameCodec.ParseFrame(Encoding.UTF8.GetBytes(RobotCallback)));

        Assert.Equal(StreamFrameCodec.WriteFrame(Parsed(RobotCallback)), StreamFrameCodec.WriteFrame(fromBytes));
    }

    [Theory]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"/v1.0/im/bot/messages/get","messageId":"m1","time":1690362102194},"data":"{}"}""", "1690362102194")]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"/v1.0/im/bot/messages/get","messageId":"m1","time":"1690362102194"},"data":"{}"}""", "1690362102194")]
    public void ParseFrame_should_tolerate_time_as_a_number(string json, string time) =>
        Assert.Equal(time, Parsed(json).Headers[StreamHeaders.Time]);

    [Fact]
    public void ParseFrame_should_keep_unknown_headers_and_ignore_unknown_fields()
    {
        var frame = Parsed("""
            {"specVersion":"1.0","type":"EVENT","time":1690362102194,"extra":{"a":[1,2,{"b":null}]},
             "headers":{"topic":"*","messageId":"e1","eventType":"chat_update_title","eventCorpId":"ding123","eventBornTime":"1690362102000","x-future":"yes"},
             "data":"{\"k\":1}"}
            """);

        Assert.Equal(StreamFrameType.Event, frame.Type);
        Assert.Equal("chat_update_title", frame.Headers["eventType"]);
        Assert.Equal("ding123", frame.Headers["eventCorpId"]);
        Assert.Equal("yes", frame.Headers["x-future"]);
    }

    [Fact]
    public void ParseFrame_should_read_unknown_system_topics_as_frames()
    {
        var frame = Parsed("""{"type":"SYSTEM","headers":{"topic":"KEEPALIVE","messageId":"k1"},"data":""}""");

        Assert.False(frame.IsPing);
        Assert.False(frame.IsDisconnect);
        Assert.Equal("KEEPALIVE", frame.Topic);
    }

    [Fact]
    public void ParseFrame_should_read_a_null_data_as_empty() =>
        Assert.Equal("", Parsed("""{"type":"SYSTEM","headers":{"topic":"ping","messageId":"p"},"data":null}""").Data);

    [Theory]
    [InlineData("hello, not json")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2,3]")]
    [InlineData("\"CALLBACK\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"type\":\"CALLBACK\",")]
    [InlineData("{\"type\":\"CALLBACK\",\"data\":\"{}\"}")]
    [InlineData("{\"type\":\"CALLBACK\",\"headers\":\"topic=x\",\"data\":\"{}\"}")]
    [InlineData("{\"type\":\"CALLBACK\",\"headers\":[],\"data\":\"{}\"}")]
    public void ParseFrame_should_refuse_what_is_not_a_frame_object(string text) =>
        Assert.Null(Malformed(text).MessageId);

    [Theory]
    [InlineData("""{"type":"CALLBACK","headers":{"messageId":"m-no-topic"},"data":"{}"}""", "m-no-topic")]
    [InlineData("""{"type":"PUSH","headers":{"topic":"t","messageId":"m-unknown-type"},"data":"{}"}""", "m-unknown-type")]
    [InlineData("""{"headers":{"topic":"t","messageId":"m-no-type"},"data":"{}"}""", "m-no-type")]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"t","messageId":"m-object-data"},"data":{"msgId":"x"}}""", "m-object-data")]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"t","messageId":"m-array-data"},"data":[1]}""", "m-array-data")]
    [InlineData("""{"type":"CALLBACK","data":{"msgId":"x"},"headers":{"topic":"t","messageId":"m-data-first"}}""", "m-data-first")]
    public void ParseFrame_should_refuse_a_bad_frame_by_its_message_id(string json, string messageId) =>
        Assert.Equal(messageId, Malformed(json).MessageId);

    [Fact]
    public void ParseFrame_should_refuse_a_frame_over_the_size_limit_before_reading_it()
    {
        var data = new string('x', StreamFrameCodec.MaxFrameBytes);
        var json = $$"""{"type":"CALLBACK","headers":{"topic":"t","messageId":"big"},"data":"{{data}}"}""";

        var malformed = Malformed(json);

        Assert.Contains("limit", malformed.Reason);
    }

    [Fact]
    public void ParseFrame_should_accept_a_frame_just_under_the_size_limit()
    {
        var envelope = """{"type":"CALLBACK","headers":{"topic":"t","messageId":"m"},"data":""}""";
        var data = new string('x', StreamFrameCodec.MaxFrameBytes - Encoding.UTF8.GetByteCount(envelope));
        var json = envelope.Replace("\"data\":\"\"", $"\"data\":\"{data}\"");

        Assert.Equal(data, Parsed(json).Data);
    }

    [Fact]
    public void ParseFrame_should_refuse_too_deep_json() =>
        Malformed("{\"type\":\"CALLBACK\",\"x\":" + new string('[', 100) + new string(']', 100) + "}");

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d })] // {"\xff":1}
    [InlineData(new byte[] { 0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d })] // {"type":"\xc3(" }
    public void ParseFrame_should_refuse_binary_garbage(byte[] bytes) =>
        Assert.IsType<FrameParseResult.Malformed>(StreamFrameCodec.ParseFrame(bytes));

    [Fact]
    public void ParseFrame_should_drop_a_header_that_is_not_valid_utf8()
    {
        var frame = Parsed(StreamFrameCodec.ParseFrame(WithBadBytes("""{"type":"CALLBACK","headers":{"topic":"t","messageId":"m","x":"__"},"data":"{}"}""")));

        Assert.Equal("m", frame.MessageId);
        Assert.False(frame.Headers.ContainsKey("x"));
    }

    [Theory]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"t","messageId":"m-bad-data"},"data":"{\"msgId\":\"__\"}"}""", "m-bad-data")]
    [InlineData("""{"type":"CALLBACK","data":"__","headers":{"topic":"t","messageId":"m-bad-data-first"}}""", "m-bad-data-first")]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"__","messageId":"m-bad-topic"},"data":"{}"}""", "m-bad-topic")]
    [InlineData("""{"type":"__","headers":{"topic":"t","messageId":"m-bad-type"},"data":"{}"}""", "m-bad-type")]
    [InlineData("""{"type":"CALLBACK","headers":{"topic":"t","messageId":"m-lone-surrogate"},"data":"\ud800"}""", "m-lone-surrogate")]
    public void ParseFrame_should_refuse_a_frame_with_bad_text_by_its_message_id(string json, string messageId)
    {
        var malformed = Assert.IsType<FrameParseResult.Malformed>(StreamFrameCodec.ParseFrame(WithBadBytes(json)));

        Assert.Equal(messageId, malformed.MessageId);
    }

    // Replaces the first "__" with bytes that are not UTF-8.
    private static byte[] WithBadBytes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var at = json.IndexOf("__", StringComparison.Ordinal);
        if (at < 0) return bytes;
        bytes[at] = 0xc3;
        bytes[at + 1] = 0x28;
        return bytes;
    }

    [Property(MaxTest = 500)]
    public bool ParseFrame_should_never_throw_on_arbitrary_text(string text) =>
        StreamFrameCodec.ParseFrame(text ?? "") is not null;

    [Property(MaxTest = 500)]
    public bool ParseFrame_should_never_throw_on_arbitrary_bytes(byte[] bytes) =>
        StreamFrameCodec.ParseFrame(bytes ?? []) is not null;

    [Property(MaxTest = 500)]
    public Property ParseFrame_should_never_throw_on_mangled_frames() =>
        Prop.ForAll(Mangled(RobotCallback).ToArbitrary(), bytes => StreamFrameCodec.ParseFrame(bytes) is not null);

    [Property(MaxTest = 200)]
    public Property WriteFrame_then_ParseFrame_should_give_the_frame_back() =>
        Prop.ForAll(Frames.ToArbitrary(), frame =>
        {
            var back = Parsed(StreamFrameCodec.WriteFrame(frame));

            Assert.Equal(frame.Type, back.Type);
            Assert.Equal(frame.SpecVersion, back.SpecVersion);
            Assert.Equal(frame.Data, back.Data);
            Assert.Equal(frame.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), back.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
        });

    [Fact]
    public void Frames_written_one_after_another_should_each_be_whole_whatever_the_size_of_the_one_before()
    {
        // The writer's buffer is kept per thread: a large frame grows it past what is kept, a small one reuses it.
        var frames = new[] { "small", new string('x', 100_000) + "\"é", "small again", new string('y', 10_000), "last" }
            .Select(data => Parsed(RobotCallback) with { Data = data }).ToArray();

        var written = frames.Select(StreamFrameCodec.WriteFrame).ToArray();

        Assert.Equal(frames.Select(f => f.Data), written.Select(text => Parsed(text).Data));
        Assert.Equal(written[0], StreamFrameCodec.WriteFrame(frames[0]));
    }

    [Fact]
    public void ForPing_should_echo_the_data_and_message_id()
    {
        var ack = AckFrame.ForPing(Parsed(Ping));

        Assert.Equal(AckFrame.Ok, ack.Code);
        Assert.Equal("5f1a_ping_1", ack.MessageId);
        Assert.Equal("""{"opaque":"4ab6c6d1-2e1f-4f59-8f1d-7d1f4e2c3b0a"}""", ack.Data);
    }

    [Fact]
    public void WriteAck_should_write_the_documented_shape()
    {
        using var doc = JsonDocument.Parse(StreamFrameCodec.WriteAck(AckFrame.ForCallback("212ca9d7_974")));
        var root = doc.RootElement;

        Assert.Equal(200, root.GetProperty("code").GetInt32());
        Assert.Equal("212ca9d7_974", root.GetProperty("headers").GetProperty("messageId").GetString());
        Assert.Equal("application/json", root.GetProperty("headers").GetProperty("contentType").GetString());
        Assert.Equal("OK", root.GetProperty("message").GetString());
        // data is a JSON document encoded as a string.
        Assert.Equal(JsonValueKind.String, root.GetProperty("data").ValueKind);
        using var data = JsonDocument.Parse(root.GetProperty("data").GetString()!);
        Assert.Equal(JsonValueKind.Null, data.RootElement.GetProperty("response").ValueKind);
    }

    [Fact]
    public void Rejected_should_refuse_with_400_and_keep_the_reason()
    {
        var ack = ParsedAck(StreamFrameCodec.WriteAck(AckFrame.Rejected("m9", "robot message has no msgId")));

        Assert.Equal(new AckFrame(AckFrame.BadRequest, "m9", "robot message has no msgId", "{\"response\":null}"), ack);
    }

    [Property(MaxTest = 200)]
    public Property WriteAck_then_ParseAck_should_give_the_ack_back() =>
        Prop.ForAll(Acks.ToArbitrary(), ack => Assert.Equal(ack, ParsedAck(StreamFrameCodec.WriteAck(ack))));

    [Theory]
    [InlineData("""{"code":200,"headers":{"messageId":"m","contentType":"application/json"},"message":"OK","data":""}""", 200, "")]
    [InlineData("""{"code":200,"headers":{"messageId":"m","contentType":"application/json","time":"1690362102194"},"message":"ok","data":"raw bytes from go"}""", 200, "raw bytes from go")]
    [InlineData("""{"code":400,"headers":{"messageId":"m"},"message":"unknown content type","data":"{}"}""", 400, "{}")]
    [InlineData("""{"code":404,"headers":{"messageId":"m"},"message":"topic not exist"}""", 404, "")]
    [InlineData("""{"code":500,"headers":{"messageId":"m"},"message":"client internal error","data":"{\"status\":\"LATER\"}"}""", 500, """{"status":"LATER"}""")]
    [InlineData("""{"headers":{"messageId":"m"},"code":200,"data":{"response":null}}""", 200, """{"response":null}""")]
    public void ParseAck_should_be_as_lenient_as_DingTalk(string json, int code, string data)
    {
        var ack = ParsedAck(json);

        Assert.Equal(code, ack.Code);
        Assert.Equal("m", ack.MessageId);
        Assert.Equal(data, ack.Data);
    }

    [Theory]
    [InlineData("""{"code":200,"headers":{"contentType":"application/json"},"data":""}""")]
    [InlineData("""{"code":200,"headers":{"messageId":17},"data":""}""")]
    [InlineData("""{"code":200,"data":""}""")]
    [InlineData("""{"headers":{"messageId":"m"},"data":""}""")]
    [InlineData("""{"code":"200","headers":{"messageId":"m"},"data":""}""")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("")]
    public void ParseAck_should_refuse_an_ack_without_message_id_or_code(string json) =>
        Assert.IsType<AckParseResult.Malformed>(StreamFrameCodec.ParseAck(json));

    [Fact]
    public void ParseAck_should_refuse_text_with_a_lone_surrogate_outside_strings() =>
        Assert.IsType<AckParseResult.Malformed>(StreamFrameCodec.ParseAck("\udc00{}"));

    [Theory]
    [InlineData("""{"code":200,"headers":{"messageId":"\ud800"},"data":""}""")]
    [InlineData("""{"code":200,"headers":{"messageId":"m"},"message":"\udc00","data":""}""")]
    [InlineData("""{"code":200,"headers":{"messageId":"m"},"data":"\udbff\udbff"}""")]
    public void ParseAck_should_refuse_a_lone_surrogate_escape_inside_a_string(string json) =>
        Assert.IsType<AckParseResult.Malformed>(StreamFrameCodec.ParseAck(json));

    [Property(MaxTest = 500)]
    public bool ParseAck_should_never_throw_on_arbitrary_text(string text) =>
        StreamFrameCodec.ParseAck(text ?? "") is not null;

    private static Gen<string> SafeText =>
        Gen.Elements("", "a", "ping", "/v1.0/im/bot/messages/get", "中文", "😀", "\"quoted\"", "back\\slash", "line\nbreak", "\t", "<&>", "{\"k\":[1]}")
            .ListOf().Select(parts => string.Concat(parts));

    private static Gen<StreamFrame> Frames =>
        from type in Gen.Elements(StreamFrameType.System, StreamFrameType.Event, StreamFrameType.Callback)
        from spec in Gen.Elements<string?>("1.0", null)
        from topic in SafeText
        from extra in Gen.Zip(Gen.Elements("messageId", "time", "appId", "connectionId", "x-other", "中"), SafeText).ListOf()
        from data in SafeText
        let headers = extra.DistinctBy(h => h.Item1).Where(h => h.Item1 != StreamHeaders.Topic)
            .Append((StreamHeaders.Topic, topic)).ToDictionary(h => h.Item1, h => h.Item2)
        select new StreamFrame(type, headers, data, spec);

    private static Gen<AckFrame> Acks =>
        from code in Gen.Elements(200, 400, 404, 500)
        from messageId in SafeText
        from message in SafeText
        from data in SafeText
        select new AckFrame(code, messageId, message, data);

    // A valid frame with a few bytes overwritten, cut short or both.
    private static Gen<byte[]> Mangled(string frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        return from cut in Gen.Choose(0, bytes.Length)
               from edits in Gen.Zip(Gen.Choose(0, bytes.Length - 1), Gen.Elements<byte>(0x00, 0x22, 0x5c, 0x7b, 0x7d, 0xc3, 0xff, 0x80)).ListOf()
               select Edit(bytes, cut, edits);
    }

    private static byte[] Edit(byte[] original, int cut, IEnumerable<(int At, byte Value)> edits)
    {
        var bytes = original[..cut];
        foreach (var (at, value) in edits)
            if (at < bytes.Length) bytes[at] = value;
        return bytes;
    }

    private static StreamFrame Parsed(string text) => Parsed(StreamFrameCodec.ParseFrame(text));

    private static StreamFrame Parsed(FrameParseResult result) =>
        Assert.IsType<FrameParseResult.Parsed>(result).Frame;

    private static FrameParseResult.Malformed Malformed(string text)
    {
        var malformed = Assert.IsType<FrameParseResult.Malformed>(StreamFrameCodec.ParseFrame(text));
        Assert.False(string.IsNullOrWhiteSpace(malformed.Reason));
        return malformed;
    }

    private static AckFrame ParsedAck(string text) => Assert.IsType<AckParseResult.Parsed>(StreamFrameCodec.ParseAck(text)).Ack;
}
