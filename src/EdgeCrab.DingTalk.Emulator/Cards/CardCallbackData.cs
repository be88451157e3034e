using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>
/// The data string of DingTalk's card interaction callback (topic <c>/v1.0/card/instances/callback</c>), as the
/// Python SDK's <c>CardCallbackMessage</c> sample and the Go SDK's <c>card.CardRequest</c> show it:
/// <c>{"outTrackId","corpId","userId","userIdType":1,"type":"actionCallback","content":"{\"cardPrivateData\":{\"actionIds\":[...],\"params\":{...}}}","extension":"{}","spaceType","spaceId","value"}</c>.
/// <c>content</c> and <c>value</c> are JSON documents encoded as strings; both carry the same action.
/// </summary>
internal static class CardCallbackData
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The callback of <paramref name="userId"/> pressing the button <paramref name="actionId"/>. The shape of
    /// <c>cardPrivateData</c> (<c>actionIds</c>, <c>params</c>) is confirmed by the Go SDK's model and the Python
    /// SDK's sample. UNCONFIRMED: whether <c>params</c> holds exactly the button's configured params (the emulator sends
    /// what the click gives, <c>{}</c> by default), and what <c>spaceType</c>/<c>spaceId</c> hold for a card delivered by
    /// createAndDeliver (the Python sample has empty strings; the emulator names the card's open space).
    /// </summary>
    public static string Write(string outTrackId, string corpId, string userId, string actionId, JsonObject? parameters, OpenSpace? space)
    {
        var action = new JsonObject
        {
            ["cardPrivateData"] = new JsonObject
            {
                ["actionIds"] = new JsonArray(actionId),
                ["params"] = parameters?.DeepClone() ?? new JsonObject(),
            },
        }.ToJsonString(Options);
        return new JsonObject
        {
            ["outTrackId"] = outTrackId,
            ["corpId"] = corpId,
            ["userId"] = userId,
            ["userIdType"] = 1,
            ["type"] = "actionCallback",
            ["content"] = action,
            ["extension"] = "{}",
            ["spaceType"] = space?.SpaceType ?? "",
            ["spaceId"] = space?.SpaceId ?? "",
            // The Python SDK reads the action from "value", others from "content": DingTalk's sample carries both.
            ["value"] = action,
        }.ToJsonString(Options);
    }
}
