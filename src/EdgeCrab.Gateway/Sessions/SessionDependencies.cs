using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Persistence;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>What every session of a node shares: its decision options, the agent, the reply sender and the timings.</summary>
public sealed record SessionDependencies(
    SessionOptions Options,
    IChatClient Agent,
    IReplySender ReplySender,
    TimeProvider Clock,
    TimeSpan PassivateAfter,
    TimeSpan TurnTimeout,
    HistoryWindow HistoryWindow)
{
    /// <summary>How long the model may take for one turn once it has an agent slot: long answers stream for minutes.</summary>
    public static readonly TimeSpan DefaultTurnTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How soon sessions (and PendingWork) stopped by a journal failure start again.</summary>
    public SessionRestarts Restarts { get; init; } = new(JournalBackoff.Default);

    /// <summary>The node's event hooks, as its <c>hooks/</c> folder holds them now (<c>/hooks</c> lists them).</summary>
    public HookCatalog Hooks { get; init; } = HookCatalog.None;

    /// <summary>The agent's persona (<c>SOUL.md</c>): the system message of every request, as the file is when a turn starts.</summary>
    public Persona Persona { get; init; } = Persona.None;

    /// <summary>Fetches the pictures and files people send, for the model; null leaves them as their markers in the text.</summary>
    public IAttachmentSource? Files { get; init; }

    /// <summary>Whether the model has refused pictures since the node started: one for every session of the node.</summary>
    public ModelSight Sight { get; init; } = new();

    /// <summary>Opens and writes turns' AI cards when <see cref="SessionOptions.Cards"/> is set; null answers in markdown.</summary>
    public ICardWriter? Cards { get; init; }

    /// <summary>Which conversations the journal has ever held (<see cref="JournalCensus.Off"/>: every session recovers in full).</summary>
    public JournalCensus Census { get; init; } = JournalCensus.Off;

    /// <summary>The node's agent requests in flight: one instance for every session of the node.</summary>
    public AgentSlots AgentSlots { get; init; } = new();
}
