using System.Text;
using System.Text.Json;
using EdgeCrab.DingTalk.Rest;

namespace EdgeCrab.DingTalk.Tests.Rest;

public sealed class OutgoingMessageWriterSpecs
{
    [Fact]
    public void WebhookBody_should_write_a_text_message_with_its_mentions()
    {
        using var body = Json(OutgoingMessageWriter.WebhookBody(new OutgoingText("你好 \"world\"\n") { AtUserIds = ["manager807", "bob01"] }));
        var root = body.RootElement;

        Assert.Equal("text", root.GetProperty("msgtype").GetString());
        Assert.Equal("你好 \"world\"\n", root.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(["manager807", "bob01"], root.GetProperty("at").GetProperty("atUserIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("at").GetProperty("isAtAll").GetBoolean());
        Assert.Equal(["at", "msgtype", "text"], root.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void WebhookBody_should_write_a_markdown_message()
    {
        using var body = Json(OutgoingMessageWriter.WebhookBody(new OutgoingMarkdown("回答", "# 标题\n```python\nprint(1)\n```")));
        var root = body.RootElement;

        Assert.Equal("markdown", root.GetProperty("msgtype").GetString());
        Assert.Equal("回答", root.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Equal("# 标题\n```python\nprint(1)\n```", root.GetProperty("markdown").GetProperty("text").GetString());
        Assert.Empty(root.GetProperty("at").GetProperty("atUserIds").EnumerateArray());
        Assert.Equal(["at", "markdown", "msgtype"], root.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void RobotApiParam_should_write_sampleText_with_a_json_string_param()
    {
        var (msgKey, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingText("hello <b>&</b> 你好"));

        Assert.Equal("sampleText", msgKey);
        using var param = Json(msgParam);
        Assert.Equal(["content"], param.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hello <b>&</b> 你好", param.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public void RobotApiParam_should_write_sampleMarkdown_with_title_and_text()
    {
        var (msgKey, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingMarkdown("Answer", "**bold**\n> quote"));

        Assert.Equal("sampleMarkdown", msgKey);
        using var param = Json(msgParam);
        Assert.Equal("Answer", param.RootElement.GetProperty("title").GetString());
        Assert.Equal("**bold**\n> quote", param.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void RobotApiParam_should_be_a_json_string_inside_the_request_body()
    {
        var (msgKey, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingText("x"));

        using var request = Json(JsonSerializer.Serialize(new { robotCode = "r", msgKey, msgParam }));

        Assert.Equal(JsonValueKind.String, request.RootElement.GetProperty("msgParam").ValueKind);
    }

    // groupMessages/send takes a msgParam of at most 15,000 bytes: escaping every CJK character as \uXXXX would
    // double its size and refuse answers a Chinese reader finds short.
    [Fact]
    public void RobotApiParam_should_not_inflate_CJK_text_with_escapes()
    {
        var text = string.Concat(Enumerable.Repeat("钉钉机器人回答。", 500));

        var (_, msgParam) = OutgoingMessageWriter.RobotApiParam(new OutgoingMarkdown("回答", text));

        Assert.True(Encoding.UTF8.GetByteCount(msgParam) < Encoding.UTF8.GetByteCount(text) + 100,
            $"msgParam is {Encoding.UTF8.GetByteCount(msgParam)} bytes for {Encoding.UTF8.GetByteCount(text)} bytes of text: {msgParam[..40]}");
    }

    // An answer cut mid-pair upstream must still be sendable: the broken half becomes U+FFFD instead of an exception.
    // (Built in code: xunit would mangle a lone surrogate in InlineData.)
    [Fact]
    public void Writers_should_replace_a_lone_surrogate()
    {
        (string Text, string Expected)[] cases =
        [
            ("a" + '\ud800' + "b", "a\ufffdb"),
            (((char)0xdc00).ToString(), "\ufffd"),
            ("ok 😀" + '\ud83d', "ok 😀\ufffd"),
        ];
        foreach (var (text, expected) in cases)
        {
            using var body = Json(OutgoingMessageWriter.WebhookBody(new OutgoingMarkdown(text, text)));
            Assert.Equal(expected, body.RootElement.GetProperty("markdown").GetProperty("text").GetString());
            Assert.Equal(expected, body.RootElement.GetProperty("markdown").GetProperty("title").GetString());

            using var param = Json(OutgoingMessageWriter.RobotApiParam(new OutgoingText(text)).MsgParam);
            Assert.Equal(expected, param.RootElement.GetProperty("content").GetString());
        }
    }

    private static JsonDocument Json(string text) => JsonDocument.Parse(text);
}
