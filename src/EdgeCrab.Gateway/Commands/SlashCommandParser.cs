namespace EdgeCrab.Gateway.Commands;

/// <summary>Reads a message as a slash command: <c>/name</c> at the start, case-insensitive, anything after it ignored.</summary>
public static class SlashCommandParser
{
    /// <summary>The commands, in the order <c>/help</c> lists them, with what each does.</summary>
    public static readonly IReadOnlyList<(string Name, string Summary)> Commands =
    [
        ("/help", "list these commands"),
        ("/new", "start a new conversation (the agent forgets the history)"),
        ("/reset", "same as /new"),
        ("/stop", "cancel the running answer and drop waiting messages"),
        ("/retry", "send again what could not be delivered, else answer your last message again"),
        ("/status", "running or idle, and what is waiting"),
        ("/usage", "turns, messages and tokens used"),
        ("/hooks", "the event hooks that are loaded"),
    ];

    public static SessionCommand? Parse(string text)
    {
        if (Words(text) is not var (name, _)) return null;
        return name switch
        {
            "help" => new SessionCommand.Help(),
            "new" => new SessionCommand.NewConversation("/new"),
            "reset" => new SessionCommand.NewConversation("/reset"),
            "stop" => new SessionCommand.Stop(),
            "retry" => new SessionCommand.Retry(),
            "status" => new SessionCommand.Status(),
            "usage" => new SessionCommand.Usage(),
            "hooks" => new SessionCommand.Hooks(),
            _ when name.All(char.IsAsciiLetterOrDigit) => new SessionCommand.Unknown("/" + name),
            _ => null,
        };
    }

    /// <summary>
    /// A command's name (lower case, no slash: what <c>command:&lt;name&gt;</c> hooks match) and the text after it;
    /// null when <paramref name="text"/> is no command.
    /// </summary>
    public static (string Name, string Arguments)? NameAndArguments(string text) =>
        Parse(text) is not null && Words(text) is var (name, arguments) ? (name, arguments) : null;

    private static (string Name, string Arguments)? Words(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] is not ('/' or '／')) return null;
        var end = trimmed.IndexOfAny(' ', '\t', '\n');
        var name = (end < 0 ? trimmed[1..] : trimmed[1..end]).ToString().ToLowerInvariant();
        // "/ something" or a path like "/usr/bin" is a prompt, not a command.
        if (name.Length == 0 || name.Contains('/')) return null;
        return (name, end < 0 ? "" : trimmed[end..].Trim().ToString());
    }
}
