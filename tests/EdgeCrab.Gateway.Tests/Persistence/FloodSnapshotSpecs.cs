using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.TestKit;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Persistence;

/// <summary>
/// A conversation flooded without a pause still snapshots within <see cref="ConversationSession.SnapshotAtMost"/> rows,
/// so a recovery during the flood does not read it all back. The journal (Akka.Persistence.TestKit's) writes this
/// conversation's rows one at a time, each only once the next message has been decided: every written row then finds
/// another still in flight, as a steady flood does.
/// </summary>
public sealed class FloodSnapshotSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Conversation = "cid-flood";
    private readonly ScriptedAgent _agent = new();
    private readonly RecordingReplySender _sender = new();
    private OneNodeSessions _node = null!;

    public async Task InitializeAsync()
    {
        // Room for the whole flood in the queue: a full queue answers, and a reply's row would hold the next message.
        var options = SessionOptions.Default with { MaxWaiting = 2 * ConversationSession.SnapshotAtMost };
        var deps = new SessionDependencies(options, _agent, _sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);
        _node = await OneNodeSessions.StartAsync(ConfigurationFactory.FromResource<TestJournal>("Akka.Persistence.TestKit.config.conf"), deps);
    }

    public async Task DisposeAsync()
    {
        _agent.Release("block-flood");
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_session_flooded_without_a_pause_should_snapshot_while_the_flood_lasts()
    {
        var persistence = Akka.Persistence.Persistence.Instance.Apply(_node.System);
        var rows = new OneRowAtATime(new SessionKey(Conversation).PersistenceId);
        var saves = new SavedSnapshots(new SessionKey(Conversation).PersistenceId);
        await TestJournal.FromRef(persistence.JournalFor(null)).OnWrite.SetInterceptorAsync(rows);
        await TestSnapshotStore.FromRef(persistence.SnapshotStoreFor(null)).OnSave.SetInterceptorAsync(saves);

        // The first message's turn never ends, so the conversation stays busy and everything after it queues.
        var accepted = new List<Task<Accepted>> { Deliver("block-flood") };
        await rows.NextAsync();
        for (var i = 1; i <= ConversationSession.SnapshotAtMost + 20; i++)
        {
            accepted.Add(Deliver($"flood {i}"));
            // Answered at once and behind the message in the session's mailbox: once it is back, the message is decided.
            await _node.Sessions.Ask<ButtonTaken>(new PressCardButton(Conversation, "no-card", "staff-1", "not-stop"), Patience);
            rows.WriteOne();
            await rows.NextAsync();
        }

        await Eventually.True(() => saves.Count > 0, $"a snapshot within {ConversationSession.SnapshotAtMost} rows, with a message always in flight");
        rows.WriteAll();
        await Task.WhenAll(accepted);

        // Recovered from that snapshot and the rows after it, the queue is the flood, each message once: a snapshot of
        // the state ahead of the journal would hold the message in flight, and its row would queue it again.
        await _node.StopSessionAsync(Conversation);
        await Deliver("/status");
        await Eventually.True(() => _sender.Texts.Any(t => t.Contains("Waiting:", StringComparison.Ordinal)), "the status answered");
        var status = _sender.Texts.Single(t => t.Contains("Waiting:", StringComparison.Ordinal));
        Assert.Contains($"Waiting: {ConversationSession.SnapshotAtMost + 20} messages", status);
    }

    private Task<Accepted> Deliver(string text) => _node.Sessions.Ask<Accepted>(new Deliver(Inbound.Dm(text, conversationId: Conversation)), Patience);

    /// <summary>Writes one conversation's rows only when told, one at a time; every other row at once.</summary>
    private sealed class OneRowAtATime(string persistenceId) : IJournalInterceptor
    {
        private readonly Channel<bool> _arrived = Channel.CreateUnbounded<bool>();
        private readonly SemaphoreSlim _writes = new(0);
        private volatile bool _all;

        /// <summary>Waits until the next row of the conversation has reached the journal.</summary>
        public async Task NextAsync() => await _arrived.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        public void WriteOne() => _writes.Release();

        public void WriteAll()
        {
            _all = true;
            _writes.Release(int.MaxValue / 2);
        }

        public async Task InterceptAsync(IPersistentRepresentation message)
        {
            if (message.PersistenceId != persistenceId || _all) return;
            _arrived.Writer.TryWrite(true);
            await _writes.WaitAsync();
        }
    }

    /// <summary>Counts the snapshots saved for one conversation.</summary>
    private sealed class SavedSnapshots(string persistenceId) : ISnapshotStoreInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task InterceptAsync(string id, SnapshotSelectionCriteria criteria)
        {
            if (id == persistenceId) Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
