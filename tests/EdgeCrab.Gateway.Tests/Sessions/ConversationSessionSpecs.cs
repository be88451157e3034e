using Akka.Actor;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Sessions;

public sealed class ConversationSessionSpecs : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);
    private readonly SqliteJournal _journal = new();
    private readonly ITestOutputHelper _output;
    private readonly List<OneNodeSessions> _nodes = [];

    public ConversationSessionSpecs(ITestOutputHelper output) => _output = output;

    private async Task<(OneNodeSessions Node, IActorRef Sessions)> Start(ScriptedAgent agent, RecordingReplySender sender, SessionOptions? options = null, TimeSpan? passivateAfter = null)
    {
        var deps = new SessionDependencies(options ?? SessionOptions.Default, agent, sender, TimeProvider.System,
            passivateAfter ?? TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);
        var node = await OneNodeSessions.StartAsync(_journal, deps);
        _nodes.Add(node);
        return (node, node.Sessions);
    }

    private static Task<Accepted> Deliver(IActorRef sessions, InboundMessage message) =>
        sessions.Ask<Accepted>(new Deliver(message), AskTimeout);

    [Fact]
    public async Task A_message_should_be_accepted_answered_and_sent()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        var m = Inbound.Dm("hello");
        Assert.Equal(m.MsgId, (await Deliver(sessions, m)).MsgId);
        await Eventually.True(() => sender.Texts.Contains("echo: hello"), "the answer is sent");
        Assert.Equal(m.ReplyTo, sender.Sent.Single().Target);
    }

    [Fact]
    public async Task A_repeated_msgId_should_be_accepted_and_answered_once_even_across_a_restart()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (node, sessions) = await Start(agent, sender);
        var m = Inbound.Dm("only once");
        await Deliver(sessions, m);
        await Deliver(sessions, m);
        await Eventually.True(() => sender.Texts.Count == 1, "one answer");
        await node.CrashAsync();

        var (_, again) = await Start(agent, sender);
        Assert.Equal(m.MsgId, (await Deliver(again, m)).MsgId);
        await Deliver(again, Inbound.Dm("next"));
        await Eventually.True(() => sender.Texts.Contains("echo: next"), "the next message is answered");
        Assert.Equal(["echo: only once", "echo: next"], sender.Texts);
        Assert.Equal(["only once", "next"], agent.Prompts);
    }

    [Fact]
    public async Task A_burst_into_one_conversation_should_be_accepted_answered_once_each_in_order_and_survive_a_restart()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (node, sessions) = await Start(agent, sender);
        var messages = Enumerable.Range(1, 30).Select(i => Inbound.Dm($"burst {i}")).ToArray();
        // Sent without waiting, each twice: the second copy is a redelivery that arrives while the first is being written.
        var accepted = await Task.WhenAll(messages.SelectMany(m => new[] { Deliver(sessions, m), Deliver(sessions, m) }));
        Assert.Equal(messages.SelectMany(m => new[] { m.MsgId, m.MsgId }), accepted.Select(a => a.MsgId));
        await Eventually.True(() => sender.Texts.Count == messages.Length, "one answer per message");
        Assert.Equal(messages.Select(m => $"echo: {m.Text}"), sender.Texts);
        await node.CrashAsync();

        var (_, again) = await Start(agent, sender);
        foreach (var m in messages) await Deliver(again, m);
        await Deliver(again, Inbound.Dm("after the restart"));
        await Eventually.True(() => sender.Texts.Contains("echo: after the restart"), "the next message is answered");
        Assert.Equal(messages.Length + 1, sender.Texts.Count);
    }

    [Fact]
    public async Task Messages_during_a_turn_should_queue_and_run_in_order()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("block 1"));
        await Deliver(sessions, Inbound.Dm("second"));
        await Deliver(sessions, Inbound.Dm("third"));
        await Eventually.True(() => agent.Prompts.Count == 1, "only the first turn runs");
        agent.Release("block 1");
        await Eventually.True(() => sender.Texts.Count == 3, "three answers");
        Assert.Equal(["echo: block 1", "echo: second", "echo: third"], sender.Texts);
    }

    [Fact]
    public async Task Stop_should_cancel_the_running_agent_for_real()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("block forever"));
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        await Deliver(sessions, Inbound.Dm("/stop"));
        await Eventually.True(() => agent.Cancelled.Contains("block forever"), "the agent's token is cancelled");
        await Eventually.True(() => sender.Texts.Contains("Stopped the running answer."), "the user is told");
        await Deliver(sessions, Inbound.Dm("after stop"));
        await Eventually.True(() => sender.Texts.Contains("echo: after stop"), "the session carries on");
        Assert.DoesNotContain("echo: block forever", sender.Texts);
    }

    [Fact]
    public async Task Retry_should_run_the_last_message_again()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("question"));
        await Eventually.True(() => sender.Texts.Count == 1, "first answer");
        await Deliver(sessions, Inbound.Dm("/retry"));
        await Eventually.True(() => sender.Texts.Count == 2, "second answer");
        Assert.Equal(["question", "question"], agent.Prompts);
        // The retried turn sees only the question, not the answer it replaces.
        Assert.Single(agent.Histories.Last());
    }

    [Fact]
    public async Task An_agent_error_should_become_a_short_reply_without_secrets_and_the_session_carries_on()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("fail please"));
        await Eventually.True(() => sender.Texts.Count == 1, "the failure is reported");
        var text = sender.Texts.Single();
        Assert.Contains("could not be reached", text);
        Assert.DoesNotContain("sk-123", text);
        Assert.DoesNotContain("secret-host", text);
        await Deliver(sessions, Inbound.Dm("fine now"));
        await Eventually.True(() => sender.Texts.Contains("echo: fine now"), "the next turn runs");
    }

    [Fact]
    public async Task A_turn_interrupted_by_a_crash_should_run_again_after_recovery()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (node, sessions) = await Start(agent, sender);
        var m = Inbound.Dm("block crash");
        await Deliver(sessions, m);
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        // A crash: nothing is told to stop, the system just goes away.
        await node.CrashAsync();

        agent.Release("block crash");
        var (_, again) = await Start(agent, sender);
        // DingTalk redelivers (or any message arrives): the session recovers and reruns the unfinished turn.
        await Deliver(again, m);
        await Eventually.True(() => sender.Texts.Contains("echo: block crash"), "the interrupted turn is answered");
        Assert.Single(sender.Texts);
    }

    [Fact]
    public async Task An_outbox_restarted_after_a_failure_should_send_what_was_waiting_without_another_message()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender);
        // The send throws inside the outbox actor: Akka restarts it with nothing in it, and nothing else happens in
        // the conversation that would tell it the waiting reply again.
        sender.ThrowNext(1);
        await Deliver(sessions, Inbound.Dm("crash the first send"));
        await Eventually.True(() => sender.Texts.Contains("echo: crash the first send"), "the reply sent by the restarted outbox");
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task Undelivered_chunks_should_be_sent_after_a_restart_and_delivered_ones_never_again()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (node, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("first"));
        await Eventually.True(() => sender.Texts.Count == 1, "first answer delivered");
        sender.FailNext(1000);
        await Deliver(sessions, Inbound.Dm("second"));
        await Eventually.True(() => agent.Prompts.Count == 2, "second answer computed");
        await Eventually.True(() => sender.Failures >= 1, "the second answer's send failed and is left for a retry");
        await node.CrashAsync();

        sender.FailNext(0);
        var (_, again) = await Start(agent, sender);
        await Deliver(again, Inbound.Dm("/status"));
        await Eventually.True(() => sender.Texts.Contains("echo: second"), "the undelivered answer is sent on recovery");
        // Delivered (and persisted as delivered) long before the restart: never even attempted again.
        Assert.Single(sender.Sent, c => c.Text == "echo: first");
        Assert.Equal(["first", "second"], agent.Prompts);
    }

    [Fact]
    public async Task Interrupting_for_shutdown_should_persist_and_rerun_the_turn_after_restart()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (node, sessions) = await Start(agent, sender);
        var m = Inbound.Dm("block shutdown");
        await Deliver(sessions, m);
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        await node.StopAsync();
        Assert.Contains("block shutdown", agent.Cancelled);

        agent.Release("block shutdown");
        // Nothing is sent after the restart: the session is woken and resumes the turn on its own.
        await Start(agent, sender);
        await Eventually.True(() => sender.Texts.Contains("echo: block shutdown"), "the stopped turn runs again after restart");
    }

    [Fact]
    public async Task A_session_with_acked_but_unfinished_work_should_be_woken_after_a_crash()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (node, sessions) = await Start(agent, sender);
        // Acked (Accepted), its turn running: DingTalk has no reason to redeliver it.
        await Deliver(sessions, Inbound.Dm("block until the crash", conversationId: "cid-sleeper"));
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        await node.CrashAsync();

        agent.Release("block until the crash");
        // Nothing is sent to the session after the restart: the pending-work registry must wake it.
        await Start(agent, sender);
        await Eventually.True(() => sender.Texts.Contains("echo: block until the crash"), "the sleeping session is woken and answers");
    }

    [Fact]
    public async Task Each_row_should_say_whether_the_session_has_work_once_it_is_applied()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender();
        var (_, sessions) = await Start(agent, sender);
        var id = new SessionKey("cid-tags").PersistenceId;
        // Acked: the message's row is written, and it says a turn is running.
        await Deliver(sessions, Inbound.Dm("block for the tags", conversationId: "cid-tags"));
        Assert.Equal(";busy;", _journal.LastRowTags(id));

        agent.Release("block for the tags");
        await Eventually.True(() => sender.Texts.Contains("echo: block for the tags"), "answered");
        // The delivered chunk's row leaves nothing to do (PendingWork would not wake this conversation).
        await Eventually.True(() => _journal.LastRowTags(id) == ";idle;", "the last row says idle");
    }

    [Fact]
    public async Task An_idle_session_should_passivate_and_come_back_from_the_journal()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (node, sessions) = await Start(agent, sender, passivateAfter: TimeSpan.FromMilliseconds(300));
        await Deliver(sessions, Inbound.Dm("remember me", conversationId: "cid-passivate"));
        await Eventually.True(() => sender.Texts.Count == 1, "answered");
        await Eventually.Get(node.LiveSessionsAsync, live => live == 0, "the idle session passivates");

        await Deliver(sessions, Inbound.Dm("/usage", conversationId: "cid-passivate"));
        await Eventually.True(() => sender.Texts.Count == 2, "the usage reply");
        Assert.Contains("in all: 1 turn, 2 messages", sender.Texts[1]);
        await Deliver(sessions, Inbound.Dm("and now?", conversationId: "cid-passivate"));
        await Eventually.True(() => agent.Histories.Count == 2, "the second turn");
        // The history the agent sees survived passivation.
        Assert.Equal(["remember me", "echo: remember me", "and now?"], agent.Histories.Last().Select(m => m.Text));
    }

    [Fact]
    public async Task A_busy_session_should_not_passivate_however_long_its_turn_runs()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (node, sessions) = await Start(agent, sender, passivateAfter: TimeSpan.FromMilliseconds(200));
        await Deliver(sessions, Inbound.Dm("block for a while", conversationId: "cid-busy"));
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        // Sweeps come every 50 ms: several find the session silent for longer than its idle time, but busy.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(agent.Cancelled);
        Assert.Equal(1, await node.LiveSessionsAsync());

        agent.Release("block for a while");
        await Eventually.True(() => sender.Texts.Contains("echo: block for a while"), "the turn finishes where it started");
        await Eventually.Get(node.LiveSessionsAsync, live => live == 0, "then, idle, it passivates");
        Assert.Equal(["block for a while"], agent.Prompts);
    }

    // The session reads its conversation id back from the name the shard gave it (Uri.EscapeDataString): the journal
    // must still be keyed by the exact id, across a recovery, whatever characters it holds.
    [Theory]
    [InlineData("cid a/b%20+c#?&=")]
    [InlineData("cid%2F..%2F%25")]
    [InlineData("会话+😀~!*'()")]
    [InlineData("cid$Ab+CdE/fG==")]
    public async Task A_session_should_be_journaled_under_its_exact_conversation_id(string conversationId)
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (node, sessions) = await Start(agent, sender);
        await Deliver(sessions, Inbound.Dm("first", conversationId: conversationId));
        await Eventually.True(() => sender.Texts.Count == 1, "answered");
        await node.CrashAsync();

        var (_, again) = await Start(agent, sender);
        await Deliver(again, Inbound.Dm("second", conversationId: conversationId));
        await Eventually.True(() => sender.Texts.Count == 2, "answered after the restart");
        Assert.Equal(["first", "echo: first", "second"], agent.Histories.Last().Select(m => m.Text));
        Assert.All(sender.Sent, chunk => Assert.Equal(conversationId, chunk.Target.ConversationId));
        Assert.Equal(["dingtalk-" + conversationId], _journal.PersistenceIds().Where(id => id.StartsWith("dingtalk-", StringComparison.Ordinal)));
    }

    private static readonly SessionOptions SmallChunks = SessionOptions.Default with { Chunker = new ReplyChunker(new ReplyLimits(1024, 4096)) };

    /// <summary>A prompt the echo agent answers in three chunks, "Part 1" to "Part 3".</summary>
    private static string ThreeParts(string mark) =>
        string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"Part {i} {mark} " + new string((char)('a' + i), 900)));

    [Fact]
    public async Task A_middle_chunk_failing_past_its_allowance_should_cut_the_reply_tell_the_user_and_be_sent_on_retry()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        // Seconds instead of hours, so the allowance runs out while the test waits.
        var (_, sessions) = await Start(agent, sender, SmallChunks with { DeliveryAllowance = TimeSpan.FromSeconds(1.5) });
        sender.Fault = c => c.Text.StartsWith("Part 2", StringComparison.Ordinal) ? new DeliveryResult.RetryLater("server error (test)") : null;
        await Deliver(sessions, Inbound.Dm(ThreeParts("slow")));

        await Eventually.True(() => sender.Texts.Any(t => t.Contains("/retry")), "the user is told part of the reply was lost");
        Assert.Equal(2, sender.Texts.Count);
        Assert.StartsWith("echo: Part 1", sender.Texts[0]);
        Assert.Contains("parts 2 to 3 of 3 could not be delivered", sender.Texts[1]);
        // Part 3 was never even attempted: after a hole it would pretend the reply is whole.
        Assert.DoesNotContain(sender.Sent, c => c.Text.StartsWith("Part 3", StringComparison.Ordinal));

        sender.Fault = null;
        await Deliver(sessions, Inbound.Dm("/retry"));
        await Eventually.True(() => sender.Texts.Count == 4, "the lost part is sent again");
        Assert.StartsWith("Part 2 slow", sender.Texts[2]);
        Assert.StartsWith("Part 3 slow", sender.Texts[3]);
        Assert.Single(agent.Prompts);
    }

    [Fact]
    public async Task A_refused_chunk_should_be_cut_at_once_and_its_retry_survive_a_restart()
    {
        var agent = new ScriptedAgent();
        var sender = new RecordingReplySender
        {
            Fault = c => c.Text.StartsWith("Part 2", StringComparison.Ordinal) ? new DeliveryResult.Undeliverable("refused (test)") : null,
        };
        var (node, sessions) = await Start(agent, sender, SmallChunks);
        await Deliver(sessions, Inbound.Dm(ThreeParts("refused")));
        await Eventually.True(() => sender.Texts.Count == 2, "part 1 and the notice");
        Assert.Contains("/retry", sender.Texts[1]);
        await node.CrashAsync();

        sender.Fault = null;
        var (_, again) = await Start(agent, sender, SmallChunks);
        await Deliver(again, Inbound.Dm("/retry"));
        await Eventually.True(() => sender.Texts.Count == 4, "the lost part is sent again after the restart");
        Assert.StartsWith("Part 2 refused", sender.Texts[2]);
        Assert.StartsWith("Part 3 refused", sender.Texts[3]);
    }

    [Fact]
    public async Task A_flood_past_the_queue_bound_should_be_acked_answered_up_to_the_bound_and_told_once()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender, SessionOptions.Default with { MaxWaiting = 3 });
        await Deliver(sessions, Inbound.Dm("block the turn"));
        await Eventually.True(() => agent.Prompts.Count == 1, "the turn runs");
        var flood = Enumerable.Range(1, 8).Select(i => Inbound.Dm($"flood {i}")).ToArray();

        // Every one is acked: none is left for DingTalk to redeliver into a queue that is still full.
        var acked = await Task.WhenAll(flood.Select(m => Deliver(sessions, m)));
        Assert.Equal(flood.Select(m => m.MsgId), acked.Select(a => a.MsgId));
        await Eventually.True(() => sender.Texts.Count == 1, "one busy reply for the whole overflow");
        Assert.Contains("was not taken", sender.Texts[0]);

        agent.Release("block the turn");
        await Eventually.True(() => sender.Texts.Count == 5, "the running turn and the three that waited");
        Assert.Equal(["echo: block the turn", "echo: flood 1", "echo: flood 2", "echo: flood 3"], sender.Texts.Skip(1));
        Assert.Equal(["block the turn", "flood 1", "flood 2", "flood 3"], agent.Prompts);
    }

    [Fact]
    public async Task A_lost_notice_should_not_loop()
    {
        var (agent, sender) = (new ScriptedAgent(), new RecordingReplySender());
        var (_, sessions) = await Start(agent, sender, SmallChunks);
        // The route is dead: everything is refused, the notice too.
        var attempts = 0;
        sender.Fault = _ =>
        {
            Interlocked.Increment(ref attempts);
            return new DeliveryResult.Undeliverable("recipient refused (test)");
        };
        await Deliver(sessions, Inbound.Dm("hello"));
        await Eventually.True(() => Volatile.Read(ref attempts) == 2, "the answer and its notice are tried");
        // A notice about the lost notice would be queued before the next answer, and so sent before it.
        sender.Fault = null;
        await Deliver(sessions, Inbound.Dm("next"));
        await Eventually.True(() => sender.Texts.Contains("echo: next"), "the next answer");
        Assert.Equal(2, Volatile.Read(ref attempts));
        Assert.Equal(["echo: next"], sender.Texts);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        _journal.Dispose();
    }
}
