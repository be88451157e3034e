using System.Collections.Immutable;
using Akka.Actor;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// What a <see cref="ConversationSession"/> holds only while it has work: its children, the trace contexts waiting for
/// them, and the hook answers it waits on. Made when work starts and dropped once every field is back at rest, so an idle
/// session carries one empty reference instead of all of them (memory, issue 14). Never persisted: a restart rebuilds it.
/// </summary>
internal sealed class ActiveWork
{
    /// <summary>The running turn's number and agent actor.</summary>
    public (int Number, IActorRef Actor)? Turn;

    /// <summary>The turn whose agent request got a slot (AgentSlots); the running turn waits for one until then.</summary>
    public int? Answering;

    public IActorRef? Outbox;

    /// <summary>
    /// The list the outbox was last told. Told again only when it changes (a new immutable list): under a backlog of
    /// replies, telling it (and copying the reply traces) after every row cost O(backlog) a message.
    /// </summary>
    public ImmutableList<PendingChunk>? ToldOutbox;

    /// <summary>The callback span of each waiting message (by msgId), so its turn joins the message's trace.</summary>
    public Dictionary<string, string>? MessageTraces;

    /// <summary>The turn span that wrote each reply (by reply number), so its chunks join the turn's trace.</summary>
    public Dictionary<int, string>? ReplyTraces;

    /// <summary>The held command whose hooks were asked (by msgId).</summary>
    public string? CommandVetting;

    /// <summary>The turn whose <c>agent:start</c> hooks were asked.</summary>
    public int? TurnVetting;

    /// <summary>The turn the <c>agent:start</c> hooks let through.</summary>
    public int? TurnCleared;

    /// <summary>
    /// Whether nothing here is still needed: no child, no trace, no hook answer awaited, and no verdict about the turn
    /// that is running (<paramref name="currentTurn"/>). What <see cref="Answering"/> says only matters while a turn runs.
    /// </summary>
    public bool IsAtRest(int? currentTurn) =>
        Turn is null && Outbox is null && MessageTraces is null && ReplyTraces is null && CommandVetting is null && TurnVetting is null
        && (TurnCleared is null || TurnCleared != currentTurn);
}
