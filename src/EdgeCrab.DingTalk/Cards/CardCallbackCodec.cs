using System.Text.Json;

namespace EdgeCrab.DingTalk.Cards;

/// <summary>
/// Reads a card callback's data: <c>{"outTrackId", "userId", "type": "actionCallback", "content": "&lt;JSON string&gt;", …}</c>
/// (DingTalk's Python SDK, <c>card_callback.py</c>). The action id is read from <c>content</c>'s
/// <c>cardPrivateData.actionIds[0]</c>, where DingTalk's card platform puts a button's action id (its docs' shape;
/// not seen in a captured payload, so <c>actionId</c> at <c>content</c>'s top level is read too). Total: anything it
/// cannot read is a one-line reason that never quotes the data.
/// </summary>
public static class CardCallbackCodec
{
    public static CardCallback? Parse(string? data, out string? problem)
    {
        problem = null;
        try
        {
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(data) ? "null" : data);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("the data is not a JSON object", out problem);
            if (Text(root, "outTrackId") is not { } outTrackId) return Fail("no outTrackId", out problem);
            if (Text(root, "userId") is not { } userId) return Fail("no userId", out problem);
            return new CardCallback(outTrackId, userId, ActionOf(Text(root, "content")));
        }
        catch (JsonException)
        {
            return Fail("the data is not JSON", out problem);
        }
    }

    private static string? ActionOf(string? content)
    {
        if (content is null) return null;
        try
        {
            using var json = JsonDocument.Parse(content);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("cardPrivateData", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("actionIds", out var ids) && ids.ValueKind == JsonValueKind.Array
                && ids.GetArrayLength() > 0 && ids[0].ValueKind == JsonValueKind.String)
                return ids[0].GetString();
            return Text(root, "actionId");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static CardCallback? Fail(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
