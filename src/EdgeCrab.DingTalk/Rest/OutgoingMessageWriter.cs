using System.Text;
using System.Text.Json;

namespace EdgeCrab.DingTalk.Rest;

/// <summary>Writes outgoing messages in the two shapes DingTalk takes: a webhook body, and robot API <c>msgKey</c>/<c>msgParam</c>.</summary>
public static class OutgoingMessageWriter
{
    /// <summary>The body for a session webhook: <c>{"msgtype", "text"|"markdown", "at"}</c>.</summary>
    public static string WebhookBody(OutgoingMessage message) => Write(w =>
    {
        w.WriteStartObject();
        switch (message)
        {
            case OutgoingText text:
                w.WriteString("msgtype", "text");
                w.WriteStartObject("text");
                w.WriteString("content", text.Content);
                w.WriteEndObject();
                break;
            case OutgoingMarkdown md:
                w.WriteString("msgtype", "markdown");
                w.WriteStartObject("markdown");
                w.WriteString("title", md.Title);
                w.WriteString("text", md.Markdown);
                w.WriteEndObject();
                break;
        }
        w.WriteStartObject("at");
        w.WriteStartArray("atUserIds");
        foreach (var id in message.AtUserIds) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteBoolean("isAtAll", false);
        w.WriteEndObject();
        if (message.IdempotencyKey is { } key) w.WriteString("msgUuid", key);
        w.WriteEndObject();
    });

    /// <summary>The robot API's <c>msgKey</c> and its <c>msgParam</c> (a JSON string, not an object).</summary>
    public static (string MsgKey, string MsgParam) RobotApiParam(OutgoingMessage message) => message switch
    {
        OutgoingText text => ("sampleText", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("content", text.Content);
            w.WriteEndObject();
        })),
        OutgoingMarkdown md => ("sampleMarkdown", Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("title", md.Title);
            w.WriteString("text", md.Markdown);
            w.WriteEndObject();
        })),
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };

    // Non-ASCII text as UTF-8, not \uXXXX: DingTalk limits msgParam in bytes, and escapes would double CJK text.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = DingTalkJson.Encoder };

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
