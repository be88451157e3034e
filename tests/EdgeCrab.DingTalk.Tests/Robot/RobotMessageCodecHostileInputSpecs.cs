using EdgeCrab.DingTalk.Robot;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeCrab.DingTalk.Tests.Robot;

/// <summary>Issue 9, item 4: every input gives a typed result; nothing a sender writes can make the codec throw.</summary>
public sealed class RobotMessageCodecHostileInputSpecs
{
    private const string Valid = """{"msgId":"m1","conversationId":"cid1","conversationType":"1","msgtype":"text","text":{"content":"hi"}""";

    [Theory]
    [InlineData("msgId")]
    [InlineData("conversationId")]
    [InlineData("senderNick")]
    [InlineData("senderStaffId")]
    [InlineData("sessionWebhook")]
    [InlineData("robotCode")]
    public void Parse_should_refuse_a_lone_surrogate_escape_in_a_top_level_string_field(string field)
    {
        var json = Valid + ",\"" + field + "\":\"x\\ud800\"}";
        json = json.Replace("\"" + field + "\":\"m1\",", "").Replace("\"" + field + "\":\"cid1\",", "");

        var refusal = Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse(json));

        Assert.Contains(field, refusal.Reason);
        Assert.Contains("surrogate", refusal.Reason);
    }

    [Theory]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"1","msgtype":"text","text":{"content":"\udc00"}}""")]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"1","msgtype":"text","text":{"content":"q","repliedMsg":{"content":"\ud800"}}}""")]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"1","msgtype":"richText","content":{"richText":[{"text":"\udbff\udbff"}]}}""")]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"1","atUsers":[{"dingtalkId":"\ud800"}]}""")]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"1","createAt":"\ud800"}""")]
    [InlineData("""{"msgId":"m1","conversationId":"c","conversationType":"\ud800"}""")]
    public void Parse_should_refuse_a_lone_surrogate_escape_at_any_depth(string json) =>
        Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse(json));

    [Theory]
    [InlineData("1e400")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    [InlineData("\"soon\"")]
    [InlineData("\"99999999999999999999\"")]
    public void Parse_should_read_an_unreadable_time_as_absent(string value)
    {
        var m = Parsed(Valid + ",\"createAt\":" + value + ",\"sessionWebhookExpiredTime\":" + value + "}");

        Assert.Null(m.CreateAt);
        Assert.Null(m.SessionWebhookExpiredTime);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1)]
    [InlineData(253402300800000)]
    public void Parse_should_keep_an_absurd_but_integral_time_for_the_rules_to_judge(long value)
    {
        var m = Parsed(Valid + $",\"createAt\":{value},\"sessionWebhookExpiredTime\":\"{value}\"}}");

        Assert.Equal(value, m.CreateAt);
        Assert.Equal(value, m.SessionWebhookExpiredTime);
        Assert.Null(UnixMilliseconds.ToInstant(value));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1690362102194L)]
    [InlineData(253402300799999L)]
    public void ToInstant_should_read_every_real_time(long value) =>
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(value), UnixMilliseconds.ToInstant(value));

    [Theory]
    [InlineData("""{"msgId":1,"conversationId":"c","conversationType":"1"}""", true)]
    [InlineData("""{"msgId":["m"],"conversationId":"c","conversationType":"1"}""", false)]
    [InlineData("""{"msgId":"m","conversationId":{"id":"c"},"conversationType":"1"}""", false)]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":1}""", true)]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":true}""", false)]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":"3"}""", false)]
    [InlineData("""{"msgId":"m","conversationId":"c","conversationType":"1","text":"not an object","atUsers":"x","isInAtList":"maybe"}""", true)]
    [InlineData("""["msgId","m"]""", false)]
    [InlineData("\"a string\"", false)]
    [InlineData("null", false)]
    public void Parse_should_answer_wrong_types_with_a_message_or_a_refusal(string json, bool readable)
    {
        var result = RobotMessageCodec.Parse(json);

        Assert.Equal(readable, result is RobotMessageParseResult.Parsed);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Parse_should_refuse_nesting_deeper_than_its_limit(int depth)
    {
        var json = """{"msgId":"m","conversationId":"c","conversationType":"1","x":""" + new string('[', depth) + new string(']', depth) + "}";

        var refusal = Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse(json));
        Assert.Contains("not JSON", refusal.Reason);
    }

    [Fact]
    public void Parse_should_refuse_ids_too_long_to_be_persisted()
    {
        var longId = new string('c', RobotMessageCodec.MaxIdLength + 1);

        Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse($$"""{"msgId":"m","conversationId":"{{longId}}","conversationType":"1"}"""));
        Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse($$"""{"msgId":"{{longId}}","conversationId":"c","conversationType":"1"}"""));
        Assert.IsType<RobotMessageParseResult.Parsed>(RobotMessageCodec.Parse($$"""{"msgId":"m","conversationId":"{{longId[1..]}}","conversationType":"1"}"""));
    }

    [Theory]
    [InlineData("""{"msgId":"m\u0000","conversationId":"c","conversationType":"1"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c\u0000","conversationType":"1"}""")]
    [InlineData("""{"msgId":"m","conversationId":"c\n","conversationType":"1"}""")]
    public void Parse_should_refuse_ids_with_control_characters(string json) =>
        Assert.Contains("control characters", Assert.IsType<RobotMessageParseResult.Malformed>(RobotMessageCodec.Parse(json)).Reason);

    [Property(MaxTest = 1000)]
    public Property Parse_should_never_throw_on_JSON_built_from_hostile_pieces() =>
        Prop.ForAll(HostileRobotJson.Callback.ToArbitrary(), json =>
        {
            var result = RobotMessageCodec.Parse(json);
            // A message that parses is made of real text only: the gateway can log, persist and answer it.
            return result is RobotMessageParseResult.Malformed
                || result is RobotMessageParseResult.Parsed { Message: var m } && IsText(m.MsgId) && IsText(m.ConversationId)
                   && IsText(m.SenderNick ?? "") && m.MsgId.Length <= RobotMessageCodec.MaxIdLength;
        });

    private static bool IsText(string s) => !System.Text.Unicode.Utf8.FromUtf16(s, new byte[s.Length * 3 + 3], out _, out _, replaceInvalidSequences: false).Equals(System.Buffers.OperationStatus.InvalidData);

    private static RobotMessage Parsed(string json) =>
        Assert.IsType<RobotMessageParseResult.Parsed>(RobotMessageCodec.Parse(json)).Message;
}
