using EdgeCrab.Gateway.Commands;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>The names of the events hooks can ask for (EdgeCrab's), stated once: docs/hooks.md lists them with their fields.</summary>
public static class HookEventNames
{
    public const string GatewayStartup = "gateway:startup";
    public const string GatewayShutdown = "gateway:shutdown";
    public const string SessionStart = "session:start";
    public const string SessionReset = "session:reset";
    public const string MessageReceived = "message:received";
    public const string AgentStart = "agent:start";
    public const string AgentEnd = "agent:end";
    public const string AgentStop = "agent:stop";
    public const string ReplyDelivered = "reply:delivered";
    public const string ReplyFailed = "reply:failed";

    /// <summary><c>command:&lt;name&gt;</c> for a slash command's text (<c>/status</c> → <c>command:status</c>).</summary>
    public static string Command(string commandText) =>
        "command:" + (SlashCommandParser.NameAndArguments(commandText)?.Name ?? "unknown");

    /// <summary>Whether hooks may cancel the event, and so the action waits for them: <c>command:*</c> and <c>agent:start</c>.</summary>
    public static bool IsCancellable(string eventName) =>
        eventName == AgentStart || eventName.StartsWith("command:", StringComparison.Ordinal);
}
