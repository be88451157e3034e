using EdgeCrab.Gateway.Commands;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// The events the gateway raises, with the fields each carries (docs/hooks.md lists them): what a hook needs to know
/// about the conversation and the person, and nothing of the gateway's secrets.
/// </summary>
public static class HookEvents
{
    /// <param name="node">The node's cluster address, or its host name alone: which gateway process this is.</param>
    public static HookEvent GatewayStartup(string node) => new(HookEventNames.GatewayStartup, null, null, Fields(("node", node)));

    public static HookEvent GatewayShutdown(string node) => new(HookEventNames.GatewayShutdown, null, null, Fields(("node", node)));

    public static HookEvent SessionStart(InboundMessage m) => About(HookEventNames.SessionStart, m);

    /// <param name="by">The <c>/new</c> or <c>/reset</c> that cleared the history.</param>
    public static HookEvent SessionReset(InboundMessage by) => About(HookEventNames.SessionReset, by, CommandFields(by));

    public static HookEvent MessageReceived(InboundMessage m) => About(HookEventNames.MessageReceived, m, ("text", m.Text), ("msg_id", m.MsgId));

    /// <summary><c>command:&lt;name&gt;</c>, before the command acts; a hook may cancel it.</summary>
    public static HookEvent Command(InboundMessage command) => About(HookEventNames.Command(command.Text), command, CommandFields(command));

    public static HookEvent AgentStart(InboundMessage prompt, int turn) => About(HookEventNames.AgentStart, prompt, ("text", prompt.Text), ("turn", turn));

    public static HookEvent AgentEnd(InboundMessage prompt, int turn, int answerChars, long inputTokens, long outputTokens) =>
        About(HookEventNames.AgentEnd, prompt, ("turn", turn), ("answer_chars", answerChars), ("input_tokens", inputTokens), ("output_tokens", outputTokens));

    /// <param name="prompt">The message whose turn stopped.</param>
    /// <param name="reason"><c>/stop</c>, an interrupting message, or a hook's cancel.</param>
    public static HookEvent AgentStop(InboundMessage prompt, int turn, string reason) =>
        About(HookEventNames.AgentStop, prompt, ("turn", turn), ("reason", reason));

    /// <param name="last">The answer's last chunk.</param>
    /// <param name="route">How it went out: <c>sessionWebhook</c> or the robot API (<c>DeliveryResult.Delivered.Via</c>).</param>
    public static HookEvent ReplyDelivered(PendingChunk last, string route) =>
        Reply(HookEventNames.ReplyDelivered, last, ("reply", last.ReplyNumber), ("chunks", last.Count), ("route", route));

    public static HookEvent ReplyFailed(PendingChunk chunk, string reason) =>
        Reply(HookEventNames.ReplyFailed, chunk, ("reply", chunk.ReplyNumber), ("chunk", chunk.Index), ("chunks", chunk.Count), ("reason", reason));

    /// <summary>The event a DM from a sample person would raise (<c>edgecrab hooks test</c>), with the fields its kind carries.</summary>
    public static HookEvent Sample(string eventName)
    {
        var at = DateTimeOffset.UtcNow;
        var target = new ReplyTarget("cid-sample", ChatKind.Direct, "user-sample", null, null);
        var text = eventName.StartsWith("command:", StringComparison.Ordinal) ? "/" + eventName["command:".Length..] : "hello from edgecrab hooks test";
        var m = new InboundMessage("msg-sample", "cid-sample", ChatKind.Direct, "user-sample", "Sample User", text, target, at);
        var chunk = new PendingChunk(1, 0, 1, "sample answer", "sample answer", target);
        return eventName switch
        {
            HookEventNames.GatewayStartup => GatewayStartup(Environment.MachineName),
            HookEventNames.GatewayShutdown => GatewayShutdown(Environment.MachineName),
            HookEventNames.SessionStart => SessionStart(m),
            HookEventNames.SessionReset => SessionReset(m with { Text = "/new" }),
            HookEventNames.MessageReceived => MessageReceived(m),
            HookEventNames.AgentStart => AgentStart(m, 1),
            HookEventNames.AgentEnd => AgentEnd(m, 1, 13, 12, 3),
            HookEventNames.AgentStop => AgentStop(m, 1, "/stop"),
            HookEventNames.ReplyDelivered => ReplyDelivered(chunk, "sessionWebhook"),
            HookEventNames.ReplyFailed => ReplyFailed(chunk, "the webhook refused it"),
            _ when eventName.StartsWith("command:", StringComparison.Ordinal) => About(eventName, m, CommandFields(m)),
            _ => About(eventName, m),
        };
    }

    private static (string, object?)[] CommandFields(InboundMessage command) =>
        SlashCommandParser.NameAndArguments(command.Text) is var (name, arguments)
            ? [("command", name), ("arguments", arguments)]
            : [("command", command.Text.Trim().TrimStart('/', '／')), ("arguments", "")];

    // A reply knows where it went and whom it answers, not the message's text.
    private static HookEvent Reply(string name, PendingChunk chunk, params (string, object?)[] extra)
    {
        var fields = Fields(("conversation_id", chunk.Target.ConversationId), ("conversation_type", TypeOf(chunk.Target.Kind)), ("sender_staff_id", chunk.Target.SenderStaffId));
        foreach (var (key, value) in extra) fields[key] = value;
        return new HookEvent(name, chunk.Target.ConversationId, chunk.Target.SenderStaffId, fields);
    }

    private static HookEvent About(string name, InboundMessage m, params (string, object?)[] extra)
    {
        var fields = Fields(("conversation_id", m.ConversationId), ("conversation_type", TypeOf(m.Kind)), ("sender_staff_id", m.SenderId), ("sender_nick", m.SenderNick));
        foreach (var (key, value) in extra) fields[key] = value;
        return new HookEvent(name, m.ConversationId, m.SenderId, fields);
    }

    private static string TypeOf(ChatKind kind) => kind == ChatKind.Direct ? "dm" : "group";

    private static Dictionary<string, object?> Fields(params (string Key, object? Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);
}
