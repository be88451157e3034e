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
/// Journal and snapshot failures injected with Akka.Persistence.TestKit into the sessions as production wires them (a
/// cluster of one, sharded sessions, the PendingWork singleton): nothing is accepted that is not written, nothing
/// stops for good, and work resumes by itself once the journal answers, all within one actor system.
/// </summary>
public sealed class JournalFaultSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ScriptedAgent _agent = new();
    private readonly RecordingReplySender _sender = new();
    private OneNodeSessions _node = null!;

    private static Config TestJournal => ConfigurationFactory.FromResource<TestJournal>("Akka.Persistence.TestKit.config.conf");

    public async Task InitializeAsync()
    {
        var deps = new SessionDependencies(SessionOptions.Default, _agent, _sender, TimeProvider.System,
            TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);
        _node = await OneNodeSessions.StartAsync(TestJournal, deps);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private ITestJournal Journal => Akka.Persistence.TestKit.TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(_node.System).JournalFor(null));

    private ITestSnapshotStore Snapshots => TestSnapshotStore.FromRef(Akka.Persistence.Persistence.Instance.Apply(_node.System).SnapshotStoreFor(null));

    private Task<Accepted> Deliver(InboundMessage m, TimeSpan timeout) => _node.Sessions.Ask<Accepted>(new Deliver(m), timeout);

    /// <summary>What DingTalk does with an unacked callback: send it again until it is acked.</summary>
    private async Task DeliverUntilAccepted(InboundMessage m)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await Deliver(m, TimeSpan.FromSeconds(3));
                return;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private async Task<IReadOnlyList<MessageReceived>> Received(string conversationId) =>
        (await JournalContents.EventsAsync(_node.System, new SessionKey(conversationId).PersistenceId)).SelectMany(Decided.In).OfType<MessageReceived>().ToArray();

    [Fact]
    public async Task A_journal_that_refuses_every_call_should_be_waited_out_with_nothing_accepted_unwritten()
    {
        var before = Inbound.Dm("before the outage", conversationId: "cid-outage");
        await Deliver(before, Patience);
        await Eventually.True(() => _sender.Texts.Contains("echo: before the outage"), "answered before the outage");

        await Journal.OnConnect.Fail();
        var during = Inbound.Dm("during the outage", conversationId: "cid-outage");
        var fresh = Inbound.Dm("a new conversation during the outage", conversationId: "cid-outage-new");
        // Neither can be written, so neither may be accepted (acked).
        await Assert.ThrowsAsync<AskTimeoutException>(() => Deliver(during, TimeSpan.FromSeconds(3)));
        await Assert.ThrowsAsync<AskTimeoutException>(() => Deliver(fresh, TimeSpan.FromSeconds(3)));
        Assert.DoesNotContain("echo: during the outage", _sender.Texts);

        await Journal.OnConnect.Pass();
        await Task.WhenAll(DeliverUntilAccepted(during), DeliverUntilAccepted(fresh));
        await Eventually.True(() => _sender.Texts.Contains("echo: during the outage") && _sender.Texts.Contains("echo: a new conversation during the outage"),
            "both answered once the journal is back", Patience);

        Assert.Equal(["before the outage", "during the outage"], (await Received("cid-outage")).Select(r => r.Message.Text));
        Assert.Single(await Received("cid-outage-new"));
        Assert.Single(_sender.Texts, t => t == "echo: during the outage");
    }

    [Fact]
    public async Task A_failed_recovery_should_be_retried_until_the_session_carries_on()
    {
        var first = Inbound.Dm("first", conversationId: "cid-recovery");
        await Deliver(first, Patience);
        await Eventually.True(() => _sender.Texts.Contains("echo: first"), "answered");

        // Replaying this conversation's history fails until further notice; its live session is stopped as a
        // passivation would, so the next message needs a recovery.
        await Journal.OnRecovery.Fail();
        await _node.StopSessionAsync("cid-recovery");
        var second = Inbound.Dm("second", conversationId: "cid-recovery");
        await Assert.ThrowsAsync<AskTimeoutException>(() => Deliver(second, TimeSpan.FromSeconds(3)));

        await Journal.OnRecovery.Pass();
        await DeliverUntilAccepted(second);
        await Eventually.True(() => _sender.Texts.Contains("echo: second"), "answered after the recovery", Patience);
        // The recovered history is whole: the agent saw the first exchange.
        Assert.Equal(["first", "echo: first", "second"], _agent.Histories.Last().Select(h => h.Text));
        Assert.Equal(["first", "second"], (await Received("cid-recovery")).Select(r => r.Message.Text));
    }

    [Fact]
    public async Task A_failed_snapshot_should_cost_nothing_but_the_snapshot()
    {
        await Snapshots.OnSave.Fail();
        // Each answered message costs at least two rows (the message with its turn, the answer with its reply).
        var messages = Enumerable.Range(1, ConversationSession.SnapshotEvery / 2 + 5).Select(i => Inbound.Dm($"m{i}", conversationId: "cid-snapshot")).ToArray();
        foreach (var m in messages) await Deliver(m, Patience);
        await Eventually.True(() => _sender.Texts.Count == messages.Length, "every message answered", Patience);
        Assert.True((await JournalContents.EventsAsync(_node.System, new SessionKey("cid-snapshot").PersistenceId)).Count > ConversationSession.SnapshotEvery,
            "enough rows for a snapshot to have been attempted");

        await Snapshots.OnSave.Pass();
        await _node.StopSessionAsync("cid-snapshot");
        await Deliver(Inbound.Dm("after", conversationId: "cid-snapshot"), Patience);
        await Eventually.True(() => _sender.Texts.Contains("echo: after"), "the session recovered from the journal alone", Patience);
        Assert.Equal(messages.Length + 1, _sender.Texts.Count);
    }

    [Fact]
    public async Task A_reply_should_be_sent_only_once_its_row_is_written()
    {
        // A message's row is held in the journal while the answer of the turn before it is decided, so the answer's row
        // waits behind it; then the answer's row fails. Sent from the state ahead of the journal, the answer would go
        // out when the message's row is written, and again once the restarted session has run the turn anew.
        const string conversation = "cid-unwritten-reply";
        var rows = new ScriptedRows(new SessionKey(conversation).PersistenceId,
            hold: events => events.OfType<MessageReceived>().Any(r => r.Message.Text == "second"),
            failOnce: events => events.OfType<ReplyQueued>().Any());
        await Journal.OnWrite.SetInterceptorAsync(rows);
        await Deliver(Inbound.Dm("block-first", conversationId: conversation), Patience);
        var second = Deliver(Inbound.Dm("second", conversationId: conversation), Patience);
        await Eventually.True(() => rows.Holding, "the second message's row is held");

        _agent.Release("block-first");
        await Eventually.True(() => _agent.Finished.Contains("block-first"), "the agent answered");
        // Time for the answer to reach the session, which decides it at once; the spec cannot see that moment.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        rows.Release();
        await second;

        await Eventually.True(() => _sender.Texts.Contains("echo: second"), "both answered, the first after its row failed once", Patience);
        Assert.True(rows.Failed, "the answer's row failed once");
        // Every attempt, not what a receiver deduplicating by msgUuid shows: the unwritten one would carry the same key.
        Assert.Equal(["echo: block-first", "echo: second"], _sender.Sent.Select(c => c.Text));
    }

    /// <summary>For one conversation: holds the first row <c>hold</c> picks until released, and fails the first row <c>failOnce</c> picks.</summary>
    private sealed class ScriptedRows(string persistenceId, Func<IReadOnlyList<ISessionEvent>, bool> hold, Func<IReadOnlyList<ISessionEvent>, bool> failOnce)
        : IJournalInterceptor
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holds, _failures;

        public bool Holding => Volatile.Read(ref _holds) > 0;
        public bool Failed => Volatile.Read(ref _failures) > 0;

        public void Release() => _released.TrySetResult();

        public async Task InterceptAsync(IPersistentRepresentation message)
        {
            if (message.PersistenceId != persistenceId) return;
            var events = Decided.In(message.Payload is Tagged tagged ? tagged.Payload : message.Payload).ToList();
            if (hold(events) && Interlocked.Increment(ref _holds) == 1) await _released.Task;
            if (failOnce(events) && Interlocked.Increment(ref _failures) == 1) throw new TestJournalFailureException("this row is not written (test)");
        }
    }
}
