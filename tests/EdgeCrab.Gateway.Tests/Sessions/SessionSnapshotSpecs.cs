using Akka.Actor;
using Akka.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// When a session snapshots, over a real SQLite journal: a quiet conversation every hundred rows, a busy one (whose
/// state carries its whole queue) only once it is quiet again or a thousand rows have piled up; and a session starts
/// again from its snapshot with nothing lost.
/// </summary>
public sealed class SessionSnapshotSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteJournal _journal = new();
    private readonly ScriptedAgent _agent = new();
    private readonly RecordingReplySender _sender = new();
    private OneNodeSessions _node = null!;

    // Room for every message of the specs to wait for the agent: none is turned away as "queue full".
    private static SessionDependencies Dependencies(ScriptedAgent agent, RecordingReplySender sender) =>
        new(SessionOptions.Default with { MaxWaiting = 2 * ConversationSession.SnapshotAtMost }, agent, sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);

    public async Task InitializeAsync() => _node = await OneNodeSessions.StartAsync(_journal, Dependencies(_agent, _sender));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _journal.Dispose();
    }

    private Task<Accepted> Deliver(InboundMessage m) => _node.Sessions.Ask<Accepted>(new Deliver(m), Patience);

    private static async Task<SelectedSnapshot?> LatestSnapshot(ActorSystem system, string conversationId)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        var loaded = await store.Ask<LoadSnapshotResult>(
            new LoadSnapshot(new SessionKey(conversationId).PersistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), Patience);
        return loaded.Snapshot;
    }

    /// <summary>Waits for the conversation's latest snapshot, and returns it.</summary>
    private async Task<SelectedSnapshot> SnapshotOnceTaken(string conversationId, string what) =>
        (await Eventually.Get(() => LatestSnapshot(_node.System, conversationId), snapshot => snapshot is not null, what, Patience))!;

    private async Task<int> Rows(string conversationId) =>
        (await JournalContents.EventsAsync(_node.System, new SessionKey(conversationId).PersistenceId)).Count;

    [Fact]
    public async Task A_quiet_conversation_should_snapshot_after_a_hundred_rows_and_start_again_from_it_whole()
    {
        const string conversation = "cid-quiet";
        var asked = 0;
        while (await Rows(conversation) <= ConversationSession.SnapshotEvery)
        {
            asked++;
            await Deliver(Inbound.Dm($"q{asked}", conversationId: conversation));
            await Eventually.True(() => _sender.Texts.Contains($"echo: q{asked}"), "each answer delivered before the next message", Patience);
        }
        var snapshot = await SnapshotOnceTaken(conversation, "a snapshot once a hundred rows are past");
        Assert.InRange(snapshot.Metadata.SequenceNr, ConversationSession.SnapshotEvery, ConversationSession.SnapshotEvery + 5);

        // A new node reads the snapshot and the rows after it: the agent sees the whole conversation.
        await _node.StopAsync();
        var agent = new ScriptedAgent();
        _node = await OneNodeSessions.StartAsync(_journal, Dependencies(agent, _sender));
        await Deliver(Inbound.Dm("after", conversationId: conversation));
        await Eventually.True(() => _sender.Texts.Contains("echo: after"), "answered after the restart", Patience);
        var history = agent.Histories.Single().Select(m => m.Text).ToArray();
        Assert.Equal("after", history[^1]);
        Assert.Contains($"q{asked}", history);
        Assert.Contains($"echo: q{asked}", history);
    }

    [Fact]
    public async Task A_busy_conversation_should_snapshot_only_once_it_is_quiet_again()
    {
        const string conversation = "cid-busy";
        await Deliver(Inbound.Dm("block busy", conversationId: conversation));
        // Each waiting message is a row of its own: past a hundred rows while the first turn still runs.
        var waiting = Enumerable.Range(1, ConversationSession.SnapshotEvery + 10).Select(i => Inbound.Dm($"w{i}", conversationId: conversation)).ToArray();
        await Task.WhenAll(waiting.Select(Deliver));
        Assert.True(await Rows(conversation) > ConversationSession.SnapshotEvery, "more than a hundred rows while busy");

        _agent.Release("block busy");
        await Eventually.True(() => _sender.Texts.Count == waiting.Length + 1, "every message answered", Patience);
        var snapshot = await SnapshotOnceTaken(conversation, "a snapshot once the conversation is quiet");
        // Taken at the row that left it quiet (the last delivery), not at the hundredth: nothing queued, nothing to send.
        Assert.Equal(await Rows(conversation), snapshot.Metadata.SequenceNr);
        var state = ((SessionSnapshot)snapshot.Snapshot).ToState(DateTimeOffset.UtcNow);
        Assert.True(state.IsIdle, "the snapshot holds a quiet state");
    }

    [Fact]
    public async Task A_conversation_busy_for_a_thousand_rows_should_snapshot_anyway()
    {
        const string conversation = "cid-long-busy";
        await Deliver(Inbound.Dm("block long", conversationId: conversation));
        var waiting = Enumerable.Range(1, ConversationSession.SnapshotAtMost).Select(i => Inbound.Dm($"w{i}", conversationId: conversation)).ToArray();
        await Task.WhenAll(waiting.Select(Deliver));

        var snapshot = await SnapshotOnceTaken(conversation, "a snapshot at a thousand rows, busy or not");
        Assert.InRange(snapshot.Metadata.SequenceNr, ConversationSession.SnapshotAtMost, ConversationSession.SnapshotAtMost + 1);
        var state = ((SessionSnapshot)snapshot.Snapshot).ToState(DateTimeOffset.UtcNow);
        Assert.False(state.IsIdle, "taken while the first turn still ran");
        Assert.Equal(snapshot.Metadata.SequenceNr - 1, state.Queue.Count);
        _agent.Release("block long");
    }
}
