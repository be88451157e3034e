using System.Text;
using System.Text.Json;

namespace EdgeCrab.DingTalk.Stream;

/// <summary>Reads and writes stream frames and acks. Never throws on bad input: callers get a typed result.</summary>
public static class StreamFrameCodec
{
    /// <summary>Larger frames are refused before parsing; DingTalk's Java client caps frames at 256 KiB, we allow four times that.</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static FrameParseResult ParseFrame(string text) => ParseFrame(Encoding.UTF8.GetBytes(text));

    public static FrameParseResult ParseFrame(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxFrameBytes)
            return new FrameParseResult.Malformed($"frame of {utf8.Length} bytes exceeds the {MaxFrameBytes}-byte limit");
        if (utf8.IsEmpty)
            return new FrameParseResult.Malformed("empty frame");

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            return ReadFrame(ref reader);
        }
        catch (JsonException e)
        {
            return new FrameParseResult.Malformed($"not JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // The reader checks UTF-8 only when a string is read, and then throws this.
            return new FrameParseResult.Malformed("not JSON: a string is not valid UTF-8");
        }
    }

    private static FrameParseResult ReadFrame(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return new FrameParseResult.Malformed("frame is not a JSON object");

        string? type = null, data = null, specVersion = null;
        Dictionary<string, string>? headers = null;
        var dataWasNotString = false;
        var dataIsNotText = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = TextOf(ref reader);
            reader.Read();
            switch (name)
            {
                case "type":
                    type = reader.TokenType == JsonTokenType.String ? TextOf(ref reader) : null;
                    break;
                case "specVersion":
                    specVersion = reader.TokenType == JsonTokenType.String ? TextOf(ref reader) : null;
                    break;
                case "data":
                    if (reader.TokenType == JsonTokenType.String) dataIsNotText = (data = TextOf(ref reader)) is null;
                    else { dataWasNotString = reader.TokenType != JsonTokenType.Null; reader.Skip(); }
                    break;
                case "headers":
                    headers = reader.TokenType == JsonTokenType.StartObject ? ReadHeaders(ref reader) : SkipAndNull(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var messageId = headers?.GetValueOrDefault(StreamHeaders.MessageId);
        if (headers is null)
            return new FrameParseResult.Malformed("frame has no headers object");
        if (!TryParseType(type, out var frameType))
            return new FrameParseResult.Malformed($"unknown frame type '{Truncate(type)}'", messageId);
        if (!headers.ContainsKey(StreamHeaders.Topic))
            return new FrameParseResult.Malformed("frame has no topic header", messageId);
        if (dataWasNotString)
            return new FrameParseResult.Malformed("frame data is not a JSON string", messageId);
        if (dataIsNotText)
            return new FrameParseResult.Malformed("frame data is not valid UTF-8 text", messageId);

        return new FrameParseResult.Parsed(new StreamFrame(frameType, headers, data ?? "", specVersion));
    }

    /// <summary>The current string or property name, or null when its bytes are not valid UTF-8 (or it escapes a lone surrogate).</summary>
    private static string? TextOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // The reader checks a string's UTF-8 only when it is read, and reports it this way.
            return null;
        }
    }

    private static Dictionary<string, string>? SkipAndNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static Dictionary<string, string> ReadHeaders(ref Utf8JsonReader reader)
    {
        var headers = new Dictionary<string, string>(8, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = TextOf(ref reader);
            reader.Read();
            if (name is null)
            {
                reader.Skip();
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    // A header that is not text is dropped; the others (messageId above all) still count.
                    if (TextOf(ref reader) is { } value) headers[name] = value;
                    break;
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    // Some servers send `time` as a number; keep its text so nothing is lost.
                    headers[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return headers;
    }

    private static bool TryParseType(string? type, out StreamFrameType frameType)
    {
        switch (type?.ToUpperInvariant())
        {
            case "SYSTEM": frameType = StreamFrameType.System; return true;
            case "EVENT": frameType = StreamFrameType.Event; return true;
            case "CALLBACK": frameType = StreamFrameType.Callback; return true;
            default: frameType = default; return false;
        }
    }

    public static string WriteFrame(StreamFrame frame) => JsonText.Write(frame, WriterOptions, static (writer, frame) =>
    {
        writer.WriteStartObject();
        if (frame.SpecVersion is not null) writer.WriteString("specVersion", frame.SpecVersion);
        writer.WriteString("type", frame.Type.ToString().ToUpperInvariant());
        writer.WriteStartObject("headers");
        foreach (var (name, value) in frame.Headers) writer.WriteString(name, value);
        writer.WriteEndObject();
        writer.WriteString("data", frame.Data);
        writer.WriteEndObject();
    });

    public static string WriteAck(AckFrame ack) => JsonText.Write(ack, WriterOptions, static (writer, ack) =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", ack.Code);
        writer.WriteStartObject("headers");
        writer.WriteString(StreamHeaders.ContentType, StreamHeaders.JsonContentType);
        writer.WriteString(StreamHeaders.MessageId, ack.MessageId);
        writer.WriteEndObject();
        writer.WriteString("message", ack.Message);
        writer.WriteString("data", ack.Data);
        writer.WriteEndObject();
    });

    /// <summary>Reads a client's ack. Lenient as DingTalk is: any data string, extra headers, codes other than 200.</summary>
    public static AckParseResult ParseAck(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxFrameBytes)
            return new AckParseResult.Malformed("ack exceeds the frame size limit");
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new AckParseResult.Malformed("ack is not a JSON object");
            if (!root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out var codeValue))
                return new AckParseResult.Malformed("ack has no numeric code");
            if (!root.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object
                || !headers.TryGetProperty(StreamHeaders.MessageId, out var messageId) || messageId.ValueKind != JsonValueKind.String)
                return new AckParseResult.Malformed("ack has no headers.messageId");
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            var data = root.TryGetProperty("data", out var d) ? (d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()) : "";
            return new AckParseResult.Parsed(new AckFrame(codeValue, messageId.GetString()!, message, data));
        }
        catch (JsonException e)
        {
            return new AckParseResult.Malformed($"not JSON: {e.Message}");
        }
        catch (ArgumentException)
        {
            // A lone surrogate outside a JSON string cannot even be transcoded to UTF-8.
            return new AckParseResult.Malformed("not JSON: the text is not valid UTF-16");
        }
        catch (InvalidOperationException)
        {
            // Inside a JSON string ("\ud800") it is valid JSON, but GetString cannot make a .NET string of it.
            return new AckParseResult.Malformed("ack holds a string that is not valid UTF-16 (a lone surrogate escape)");
        }
    }

    private static string Truncate(string? value) => value is null ? "(none)" : value.Length <= 32 ? value : value[..32] + "…";
}
