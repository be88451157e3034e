using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// The events a conversation raises, with the fields each carries (docs/hooks.md lists them): what a hook needs to
/// know about the conversation and the person, and nothing of the gateway's secrets.
/// </summary>
public static class HookEvents
{
    public static HookEvent SessionStart(InboundMessage m) => About("session:start", m);

    public static HookEvent MessageReceived(InboundMessage m) => About("message:received", m, ("text", m.Text), ("msg_id", m.MsgId));

    public static HookEvent AgentStart(InboundMessage prompt, int turn) => About("agent:start", prompt, ("text", prompt.Text), ("turn", turn));

    public static HookEvent AgentEnd(InboundMessage prompt, int turn, int answerChars, long inputTokens, long outputTokens) =>
        About("agent:end", prompt, ("turn", turn), ("answer_chars", answerChars), ("input_tokens", inputTokens), ("output_tokens", outputTokens));

    /// <param name="route">How it went out: <c>sessionWebhook</c> or the robot API (<c>DeliveryResult.Delivered.Via</c>).</param>
    public static HookEvent ReplyDelivered(string conversationId, int reply, int chunks, string route) =>
        Reply("reply:delivered", conversationId, ("reply", reply), ("chunks", chunks), ("route", route));

    public static HookEvent ReplyFailed(string conversationId, int reply, int chunk, string reason) =>
        Reply("reply:failed", conversationId, ("reply", reply), ("chunk", chunk), ("reason", reason));

    // A reply chunk does not know whose message it answers: the conversation only, and no user.
    private static HookEvent Reply(string name, string conversationId, params (string Key, object? Value)[] extra) =>
        new(name, conversationId, null, extra.Append((Key: "conversation_id", Value: (object?)conversationId)).ToDictionary(f => f.Key, f => f.Value));

    private static HookEvent About(string name, InboundMessage m, params (string Key, object? Value)[] extra)
    {
        var fields = new Dictionary<string, object?>
        {
            ["conversation_id"] = m.ConversationId,
            ["conversation_type"] = m.Kind == ChatKind.Direct ? "dm" : "group",
            ["sender_staff_id"] = m.SenderId,
            ["sender_nick"] = m.SenderNick,
        };
        foreach (var (key, value) in extra) fields[key] = value;
        return new HookEvent(name, m.ConversationId, m.SenderId, fields);
    }
}
