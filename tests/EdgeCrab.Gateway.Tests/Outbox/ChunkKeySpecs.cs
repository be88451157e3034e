using System.Collections.Concurrent;
using Akka.Actor;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Outbox;

/// <summary>
/// A chunk's key is the msgUuid DingTalk drops a repeated send by: the same chunk must keep it (a resend after a crash
/// shows once), and no other chunk may ever get it, not even the same reply number of a journal started over.
/// </summary>
public sealed class ChunkKeySpecs : IAsyncLifetime
{
    private const string Conversation = "cid-keys";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly List<SqliteJournal> _journals = [];
    private readonly List<OneNodeSessions> _nodes = [];

    /// <summary>A conversation from an empty journal: each message received and answered, its reply's chunks queued.</summary>
    private static ConversationState Converse(IEnumerable<(string MsgId, string Text)> messages, DateTimeOffset at)
    {
        var state = ConversationState.Empty(Conversation);
        foreach (var (msgId, text) in messages)
        {
            state = Step(state, new SessionInput.Receive(Inbound.Dm(text, Conversation, msgId)), at);
            state = Step(state, new SessionInput.CompleteTurn(state.Current!.Number, "echo: " + text, 1, 1), at);
            at += TimeSpan.FromMinutes(1);
        }
        return state;
    }

    private static ConversationState Step(ConversationState state, SessionInput input, DateTimeOffset at) =>
        state.Decide(input, at, SessionOptions.Default).Aggregate(state, (s, e) => s.Apply(e));

    private static string[] Keys(ConversationState state) => state.Outbox.Select(ChunkKey.For).ToArray();

    [Fact]
    public void A_journal_started_over_should_give_the_same_replies_keys_never_used_before()
    {
        var first = Converse([("msg-a1", "hello"), ("msg-a2", "again")], Monday);
        // The journal is deleted and the conversation goes on: DingTalk gives the new messages new msgIds.
        var reset = Converse([("msg-b1", "hello"), ("msg-b2", "again")], Monday.AddDays(1));
        // A message unacked when the journal was deleted is redelivered with its msgId, into the new journal, later.
        var redelivered = Converse([("msg-a1", "hello"), ("msg-a2", "again")], Monday.AddMinutes(5));

        // Reply numbers start again at 1: exactly what made keys repeat.
        Assert.Equal(first.Outbox.Select(c => (c.ReplyNumber, c.Index)), reset.Outbox.Select(c => (c.ReplyNumber, c.Index)));
        Assert.Equal(first.Outbox.Select(c => (c.ReplyNumber, c.Index)), redelivered.Outbox.Select(c => (c.ReplyNumber, c.Index)));
        var all = Keys(first).Concat(Keys(reset)).Concat(Keys(redelivered)).ToArray();
        Assert.Equal(6, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void A_chunk_should_keep_its_key_when_the_journal_is_replayed_or_loaded_from_a_snapshot()
    {
        var events = new List<ISessionEvent>();
        var state = ConversationState.Empty(Conversation);
        foreach (var input in new SessionInput[] { new SessionInput.Receive(Inbound.Dm("hello", Conversation, "msg-1")), new SessionInput.CompleteTurn(1, "echo: hello", 1, 1) })
        {
            var decided = state.Decide(input, Monday, SessionOptions.Default);
            events.AddRange(decided);
            state = decided.Aggregate(state, (s, e) => s.Apply(e));
        }

        var replayed = events.Aggregate(ConversationState.Empty(Conversation), (s, e) => s.Apply(e));
        var loaded = SessionSnapshot.From(state).ToState(Monday.AddHours(1));
        Assert.NotEmpty(Keys(state));
        Assert.Equal(Keys(state), Keys(replayed));
        Assert.Equal(Keys(state), Keys(loaded));
        // And the session's next replies still carry the incarnation after a snapshot.
        Assert.Equal(state.Incarnation, loaded.Incarnation);
    }

    [Fact]
    public void A_chunk_queued_before_incarnations_were_kept_should_keep_the_key_it_was_first_sent_with()
    {
        // Journals written before: ReplyQueued without an incarnation, into a session that has one by now.
        var state = Converse([("msg-old", "hello")], Monday);
        var target = state.Outbox[0].Target with { ConversationId = "cid-old" };
        state = state.Apply(new ReplyQueued(2, "msg-old", ["a", "b"], "T", target, Monday));

        var old = state.Outbox.Single(c => c.ReplyNumber == 2 && c.Index == 1);
        Assert.Null(old.Incarnation);
        // The key the gateway gave reply 2, chunk 1 of cid-old before this change (UUIDv5-style of "edgecrab/cid-old/2/1").
        Assert.Equal("29bece17-6ebb-58a3-945a-1af51df3d194", ChunkKey.For(old));
    }

    [Fact]
    public async Task A_chunk_resent_after_a_crash_should_keep_its_key_and_a_journal_started_over_should_not_repeat_it()
    {
        var agent = new ScriptedAgent();
        var journal = NewJournal();
        var refusing = new RecordingReplySender();
        var attempts = new ConcurrentQueue<string>();
        refusing.Fault = chunk =>
        {
            attempts.Enqueue(ChunkKey.For(chunk));
            return new DeliveryResult.RetryLater("DingTalk answered 500 (test)");
        };
        var node = await Start(journal, agent, refusing);
        await Deliver(node, Inbound.Dm("hello", Conversation));
        // Sent (as far as DingTalk knows) and not yet recorded as delivered when the process dies.
        await Eventually.True(() => !attempts.IsEmpty, "the answer is sent once");
        await node.CrashAsync();

        var sender = new RecordingReplySender();
        var restarted = await Start(journal, agent, sender);
        await Eventually.True(() => !sender.Sent.IsEmpty, "the answer is sent again after the restart");
        var resent = sender.Sent.Single();
        Assert.Equal("echo: hello", resent.Text);
        Assert.Equal(attempts.First(), ChunkKey.For(resent));
        await restarted.StopAsync();

        // The conversation's journal is deleted (a new database): the same exchange numbers its reply 1 again.
        var afterReset = new RecordingReplySender();
        await Deliver(await Start(NewJournal(), agent, afterReset), Inbound.Dm("hello", Conversation));
        await Eventually.True(() => !afterReset.Sent.IsEmpty, "the answer from the new journal is sent");
        var fresh = afterReset.Sent.Single();
        Assert.Equal((resent.ReplyNumber, resent.Index, resent.Text), (fresh.ReplyNumber, fresh.Index, fresh.Text));
        Assert.NotEqual(ChunkKey.For(resent), ChunkKey.For(fresh));
    }

    private SqliteJournal NewJournal()
    {
        var journal = new SqliteJournal();
        _journals.Add(journal);
        return journal;
    }

    private async Task<OneNodeSessions> Start(SqliteJournal journal, ScriptedAgent agent, RecordingReplySender sender)
    {
        var deps = new SessionDependencies(SessionOptions.Default, agent, sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);
        var node = await OneNodeSessions.StartAsync(journal, deps);
        _nodes.Add(node);
        return node;
    }

    private static Task<Accepted> Deliver(OneNodeSessions node, InboundMessage message) =>
        node.Sessions.Ask<Accepted>(new Deliver(message), TimeSpan.FromSeconds(15));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        foreach (var journal in _journals) journal.Dispose();
    }
}
