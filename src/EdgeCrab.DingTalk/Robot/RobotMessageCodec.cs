using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeCrab.DingTalk.Robot;

/// <summary>Reads robot callback JSON (the frame's data string or an HTTP callback body) and writes it (for the emulator).</summary>
public static class RobotMessageCodec
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// Longer msgIds and conversationIds are refused. DingTalk's are about 40 characters; the conversation id becomes
    /// the journal's persistence id ("dingtalk-" + id), which Akka's SQL journals keep in a 255-character column, so a
    /// longer one could never be persisted and would be redelivered for ever.
    /// </summary>
    public const int MaxIdLength = 200;

    /// <summary>Total: every input gives a <see cref="RobotMessageParseResult"/>, never an exception.</summary>
    public static RobotMessageParseResult Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, DocumentOptions);
            return Read(doc.RootElement);
        }
        catch (JsonException e)
        {
            // Deep nesting lands here too (MaxDepth); the reader's message names a position, never the content.
            return new RobotMessageParseResult.Malformed($"robot message is not JSON: {e.Message}");
        }
        catch (ArgumentException)
        {
            // A frame's data string can carry an escaped lone surrogate ("\udc00"); outside a JSON string it cannot be transcoded.
            return new RobotMessageParseResult.Malformed("robot message is not JSON: the text is not valid UTF-16");
        }
        catch (UnreadableText e)
        {
            return new RobotMessageParseResult.Malformed($"robot message field '{e.Field}' is not valid text (a lone surrogate escape)");
        }
        catch (InvalidOperationException)
        {
            // JsonElement reports every other value it cannot convert this way; no such value is ever worth a crash.
            return new RobotMessageParseResult.Malformed("robot message holds a value that cannot be read");
        }
    }

    private static RobotMessageParseResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return new RobotMessageParseResult.Malformed("robot message is not a JSON object");
        var msgId = Str(root, "msgId");
        if (string.IsNullOrEmpty(msgId))
            return new RobotMessageParseResult.Malformed("robot message has no msgId");
        if (IdProblem(msgId) is { } msgIdProblem)
            return new RobotMessageParseResult.Malformed($"robot message has a msgId {msgIdProblem}");
        var conversationId = Str(root, "conversationId");
        if (string.IsNullOrEmpty(conversationId))
            return new RobotMessageParseResult.Malformed("robot message has no conversationId");
        if (IdProblem(conversationId) is { } conversationIdProblem)
            return new RobotMessageParseResult.Malformed($"robot message has a conversationId {conversationIdProblem}");
        var conversationType = Str(root, "conversationType") switch
        {
            "1" => ConversationType.Direct,
            "2" => ConversationType.Group,
            var other => (ConversationType?)null,
        };
        if (conversationType is null)
            return new RobotMessageParseResult.Malformed("robot message has no valid conversationType");

        return new RobotMessageParseResult.Parsed(new RobotMessage
        {
            MsgId = msgId,
            Content = ReadContent(root, Str(root, "msgtype") ?? RobotMsgTypes.Text),
            ConversationId = conversationId,
            ConversationType = conversationType.Value,
            ConversationTitle = Str(root, "conversationTitle"),
            SenderId = Str(root, "senderId"),
            SenderStaffId = Str(root, "senderStaffId"),
            SenderNick = Str(root, "senderNick"),
            SenderCorpId = Str(root, "senderCorpId"),
            SenderPlatform = Str(root, "senderPlatform"),
            ChatbotUserId = Str(root, "chatbotUserId"),
            ChatbotCorpId = Str(root, "chatbotCorpId"),
            RobotCode = Str(root, "robotCode"),
            IsAdmin = Bool(root, "isAdmin"),
            IsInAtList = Bool(root, "isInAtList"),
            AtUsers = Array(root, "atUsers", e => new AtUser(Str(e, "dingtalkId"), Str(e, "staffId"))),
            SessionWebhook = Str(root, "sessionWebhook"),
            SessionWebhookExpiredTime = Long(root, "sessionWebhookExpiredTime"),
            CreateAt = Long(root, "createAt") ?? Long(root, "createA"),
            OpenThreadId = Str(root, "openThreadId"),
            HostingContext = root.TryGetProperty("hostingContext", out var h) && h.ValueKind == JsonValueKind.Object
                ? new HostingContext(Str(h, "userId"), Str(h, "nick"))
                : null,
            ConversationMsgContext = Array(root, "conversationMsgContext",
                e => new ConversationMessageContext(Str(e, "readStatus"), Str(e, "senderUserId"), Long(e, "sendTime"))),
            OriginalMsgId = Str(root, "originalMsgId"),
            OriginalProcessQueryKey = Str(root, "originalProcessQueryKey"),
            AiRobotSessionId = Str(root, "ai_robot_sessionid"),
        });
    }

    // Ids become journal keys: PostgreSQL refuses a NUL in text, and no DingTalk id holds a control character.
    private static string? IdProblem(string id) =>
        id.Length > MaxIdLength ? $"of {id.Length} characters (at most {MaxIdLength})"
        : id.Any(char.IsControl) ? "with control characters"
        : null;

    private static RobotMessageContent ReadContent(JsonElement root, string msgType)
    {
        var content = root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        switch (msgType)
        {
            case RobotMsgTypes.Text:
                var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
                var replied = text.ValueKind == JsonValueKind.Object && text.TryGetProperty("repliedMsg", out var r) && r.ValueKind == JsonValueKind.Object
                    ? new RepliedMessage(Str(r, "msgType"), Str(r, "msgId"), Str(r, "senderId"), Long(r, "createdAt"), ContentText(r))
                    : null;
                return new TextContent(Str(text, "content") ?? "", Bool(text, "isReplyMsg"), replied);
            case RobotMsgTypes.RichText:
                return new RichTextContent(Array(content, "richText",
                    e => new RichTextItem(Str(e, "type"), Str(e, "text"), Str(e, "downloadCode"), Str(e, "pictureDownloadCode"), Str(e, "atName"), Str(e, "atUserId"))));
            case RobotMsgTypes.Picture:
                return new PictureContent(Str(content, "downloadCode"), Str(content, "pictureDownloadCode"));
            case RobotMsgTypes.Audio:
                return new AudioContent(Str(content, "downloadCode"), Str(content, "recognition"), Str(content, "duration"));
            case RobotMsgTypes.Video:
                return new VideoContent(Str(content, "downloadCode"), Str(content, "duration"), Str(content, "videoType"));
            case RobotMsgTypes.File:
                return new FileContent(Str(content, "downloadCode"), Str(content, "fileName"), Str(content, "spaceId"), Str(content, "fileId"));
            default:
                return new UnsupportedContent(msgType, Str(content, "unknownMsgType"));
        }
    }

    // A quoted message's content is text for text quotes and an object otherwise; keep whatever it is as text.
    private static string? ContentText(JsonElement replied) =>
        replied.TryGetProperty("content", out var c)
            ? c.ValueKind == JsonValueKind.String ? TextOf(c, "repliedMsg.content") : c.GetRawText()
            : null;

    private static string? Str(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => TextOf(v, name),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    // A JSON string may escape a lone surrogate ("\ud800"): valid JSON, but no .NET string, and GetString throws.
    // Refusing the whole message is the one safe answer: the field may be the text, the sender or the conversation.
    private static string TextOf(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UnreadableText(field);
        }
    }

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
        && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.String && v.ValueEquals("true"));

    private static long? Long(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        // Too big for a long, fractional, or not a number at all: absent. Absurd but representable values (negative,
        // past year 9999) are kept here and judged where they are used (UnixMilliseconds).
        if (v.ValueKind == JsonValueKind.String && long.TryParse(TextOf(v, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
        return null;
    }

    private static IReadOnlyList<T> Array<T>(JsonElement e, string name, Func<JsonElement, T> read)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return [];
        var items = new List<T>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
            if (item.ValueKind == JsonValueKind.Object) items.Add(read(item));
        return items;
    }

    /// <summary>Unwinds <see cref="Read"/> from any depth to one refusal naming the field; never leaves <see cref="Parse"/>.</summary>
    private sealed class UnreadableText(string field) : Exception
    {
        public string Field { get; } = field;
    }

    /// <summary>Writes a message in DingTalk's callback shape (the emulator's pushes, and tests).</summary>
    public static string Write(RobotMessage m) => JsonText.Write(m, default, static (w, m) =>
    {
        w.WriteStartObject();
        w.WriteString("msgId", m.MsgId);
        w.WriteString("msgtype", m.MsgType);
        WriteContent(w, m.Content);
        w.WriteString("conversationId", m.ConversationId);
        w.WriteString("conversationType", ((int)m.ConversationType).ToString(CultureInfo.InvariantCulture));
        Opt(w, "conversationTitle", m.ConversationTitle);
        Opt(w, "senderId", m.SenderId);
        Opt(w, "senderStaffId", m.SenderStaffId);
        Opt(w, "senderNick", m.SenderNick);
        Opt(w, "senderCorpId", m.SenderCorpId);
        Opt(w, "senderPlatform", m.SenderPlatform);
        Opt(w, "chatbotUserId", m.ChatbotUserId);
        Opt(w, "chatbotCorpId", m.ChatbotCorpId);
        Opt(w, "robotCode", m.RobotCode);
        w.WriteBoolean("isAdmin", m.IsAdmin);
        w.WriteBoolean("isInAtList", m.IsInAtList);
        w.WriteStartArray("atUsers");
        foreach (var at in m.AtUsers)
        {
            w.WriteStartObject();
            Opt(w, "dingtalkId", at.DingtalkId);
            Opt(w, "staffId", at.StaffId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Opt(w, "sessionWebhook", m.SessionWebhook);
        if (m.SessionWebhookExpiredTime is { } expires) w.WriteNumber("sessionWebhookExpiredTime", expires);
        if (m.CreateAt is { } createAt) w.WriteNumber("createAt", createAt);
        Opt(w, "openThreadId", m.OpenThreadId);
        if (m.HostingContext is { } hosting)
        {
            w.WriteStartObject("hostingContext");
            Opt(w, "userId", hosting.UserId);
            Opt(w, "nick", hosting.Nick);
            w.WriteEndObject();
        }
        if (m.ConversationMsgContext.Count > 0)
        {
            w.WriteStartArray("conversationMsgContext");
            foreach (var ctx in m.ConversationMsgContext)
            {
                w.WriteStartObject();
                Opt(w, "readStatus", ctx.ReadStatus);
                Opt(w, "senderUserId", ctx.SenderUserId);
                if (ctx.SendTime is { } sent) w.WriteNumber("sendTime", sent);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Opt(w, "originalMsgId", m.OriginalMsgId);
        Opt(w, "originalProcessQueryKey", m.OriginalProcessQueryKey);
        Opt(w, "ai_robot_sessionid", m.AiRobotSessionId);
        w.WriteEndObject();
    });

    private static void WriteContent(Utf8JsonWriter w, RobotMessageContent content)
    {
        switch (content)
        {
            case TextContent text:
                w.WriteStartObject("text");
                w.WriteString("content", text.Content);
                if (text.IsReplyMsg) w.WriteBoolean("isReplyMsg", true);
                if (text.Replied is { } r)
                {
                    w.WriteStartObject("repliedMsg");
                    Opt(w, "msgType", r.MsgType);
                    Opt(w, "msgId", r.MsgId);
                    Opt(w, "senderId", r.SenderId);
                    if (r.CreatedAt is { } at) w.WriteNumber("createdAt", at);
                    Opt(w, "content", r.Content);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                break;
            case RichTextContent rich:
                w.WriteStartObject("content");
                w.WriteStartArray("richText");
                foreach (var item in rich.Items)
                {
                    w.WriteStartObject();
                    Opt(w, "type", item.Type);
                    Opt(w, "text", item.Text);
                    Opt(w, "downloadCode", item.DownloadCode);
                    Opt(w, "pictureDownloadCode", item.PictureDownloadCode);
                    Opt(w, "atName", item.AtName);
                    Opt(w, "atUserId", item.AtUserId);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case PictureContent p:
                w.WriteStartObject("content");
                Opt(w, "downloadCode", p.DownloadCode);
                Opt(w, "pictureDownloadCode", p.PictureDownloadCode);
                w.WriteEndObject();
                break;
            case AudioContent a:
                w.WriteStartObject("content");
                Opt(w, "downloadCode", a.DownloadCode);
                Opt(w, "recognition", a.Recognition);
                Opt(w, "duration", a.Duration);
                w.WriteEndObject();
                break;
            case VideoContent v:
                w.WriteStartObject("content");
                Opt(w, "downloadCode", v.DownloadCode);
                Opt(w, "duration", v.Duration);
                Opt(w, "videoType", v.VideoType);
                w.WriteEndObject();
                break;
            case FileContent f:
                w.WriteStartObject("content");
                Opt(w, "downloadCode", f.DownloadCode);
                Opt(w, "fileName", f.FileName);
                Opt(w, "spaceId", f.SpaceId);
                Opt(w, "fileId", f.FileId);
                w.WriteEndObject();
                break;
            case UnsupportedContent u:
                w.WriteStartObject("content");
                Opt(w, "unknownMsgType", u.Notice);
                w.WriteEndObject();
                break;
        }
    }

    private static void Opt(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }
}
