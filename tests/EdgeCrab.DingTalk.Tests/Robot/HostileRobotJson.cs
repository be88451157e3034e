using FsCheck;
using FsCheck.Fluent;

namespace EdgeCrab.DingTalk.Tests.Robot;

/// <summary>
/// Robot-callback JSON built from hostile pieces (lone surrogate escapes, huge and negative numbers, wrong types,
/// deep nesting, over-long ids) laid over a valid DM, so the pieces reach every field the codec reads.
/// Shared with the end-to-end poison specs, which push the same texts through both intake paths.
/// </summary>
public static class HostileRobotJson
{
    private static readonly string[] Fields =
    [
        "msgId", "conversationId", "conversationType", "msgtype", "text", "content", "senderStaffId", "senderId", "senderNick",
        "sessionWebhook", "sessionWebhookExpiredTime", "createAt", "atUsers", "isInAtList", "hostingContext",
        "conversationMsgContext", "conversationTitle", "robotCode",
    ];

    /// <summary>JSON texts of single values no real callback carries.</summary>
    public static Gen<string> Leaf { get; } = Gen.Elements(
        "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "\"\\udfff\\ud800\"",
        "1e400", "-1e400", "99999999999999999999", "9223372036854775807", "-9223372036854775808",
        "253402300800000", "-62135596800001", "-1", "0", "1.5", "1", "2", "\"-5\"", "\"9223372036854775807\"",
        "true", "false", "null", "\"\"", "\"1\"", "\"2\"", "\"p q\"", "\"p~20q\"", "\"nul\\u0000\"", "\"tab\\t\"", "\"" + new string('x', 300) + "\"");

    /// <summary>A hostile value: a leaf, an object or array holding leaves, or nesting deeper than any limit.</summary>
    public static Gen<string> Value { get; } = Gen.OneOf(
        Leaf,
        Leaf.Select(l => "{\"content\":" + l + ",\"repliedMsg\":{\"content\":" + l + "},\"richText\":[{\"text\":" + l + "}]}"),
        Leaf.ListOf().Select(ls => "[" + string.Join(",", ls) + "]"),
        Gen.Elements(31, 33, 64, 500).Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Elements(31, 33, 64).Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));

    /// <summary>A callback object: a valid DM with one to four fields replaced by hostile values, or a hostile value as the whole body.</summary>
    public static Gen<string> Callback { get; } = Gen.OneOf(
        from overrides in Gen.Elements(Fields).SelectMany(f => Value.Select(v => (f, v))).NonEmptyListOf()
        from n in Gen.Choose(0, int.MaxValue)
        select Object(n, overrides.Take(4)),
        Value);

    private static string Object(int n, IEnumerable<(string Field, string Value)> overrides)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["msgId"] = $"\"msgHostile{n}\"",
            ["conversationId"] = $"\"cidHostile{n % 7}\"",
            ["conversationType"] = "\"1\"",
            ["msgtype"] = "\"text\"",
            ["text"] = "{\"content\":\"poison\"}",
            ["senderStaffId"] = "\"hostile001\"",
        };
        foreach (var (field, value) in overrides) fields[field] = value;
        return "{" + string.Join(",", fields.Select(f => "\"" + f.Key + "\":" + f.Value)) + "}";
    }
}
