namespace EdgeCrab.Gateway.Commands;

/// <summary>A slash command a person sends to their conversation's session.</summary>
public abstract record SessionCommand : IGatewayMessage
{
    private protected SessionCommand() { }

    /// <summary><c>/help</c>: list the commands.</summary>
    public sealed record Help : SessionCommand;

    /// <summary><c>/new</c> or <c>/reset</c>: clear the history the agent sees.</summary>
    public sealed record NewConversation(string Name) : SessionCommand;

    /// <summary><c>/stop</c>: cancel the running turn and drop what waits.</summary>
    public sealed record Stop : SessionCommand;

    /// <summary><c>/retry</c>: run the last message again.</summary>
    public sealed record Retry : SessionCommand;

    /// <summary><c>/status</c>: running or idle, and what is queued.</summary>
    public sealed record Status : SessionCommand;

    /// <summary><c>/usage</c>: turns, messages and tokens.</summary>
    public sealed record Usage : SessionCommand;

    /// <summary><c>/hooks</c>: the loaded event hooks.</summary>
    public sealed record Hooks : SessionCommand;

    /// <summary>A slash word that is none of ours.</summary>
    public sealed record Unknown(string Name) : SessionCommand;
}
