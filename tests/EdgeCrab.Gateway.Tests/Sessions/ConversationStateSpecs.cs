using EdgeCrab.DingTalk.Replies;
using EdgeCrab.Gateway.Commands;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

public sealed class ConversationStateSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = SessionOptions.Default with { HooksDirectory = "/home/crab/.edgecrab/hooks" };

    private ConversationState _state = ConversationState.Empty("cid-dm-1");

    private IReadOnlyList<ISessionEvent> Step(SessionInput input, SessionOptions? options = null)
    {
        var events = _state.Decide(input, Now, options ?? Options);
        foreach (var e in events) _state = _state.Apply(e);
        return events;
    }

    private IReadOnlyList<ISessionEvent> Receive(InboundMessage m, SessionOptions? options = null) => Step(new SessionInput.Receive(m), options);

    private static string ReplyText(IEnumerable<ISessionEvent> events) => string.Concat(events.OfType<ReplyQueued>().Single().Chunks);

    [Fact]
    public void A_prompt_should_be_received_and_start_a_turn_at_once()
    {
        var m = Inbound.Dm("hello");
        var events = Receive(m);
        Assert.Collection(events,
            e => Assert.Equal(MessageRole.Prompt, Assert.IsType<MessageReceived>(e).Role),
            e => Assert.Equal(1, Assert.IsType<TurnStarted>(e).TurnNumber));
        Assert.Equal(m.MsgId, _state.Current!.Prompt.MsgId);
        Assert.Empty(_state.Queue);
        Assert.Equal([new HistoryEntry(HistoryRole.User, "hello", m.MsgId)], _state.History);
    }

    [Fact]
    public void A_repeated_msgId_should_decide_nothing()
    {
        var m = Inbound.Dm("hello");
        Receive(m);
        Assert.Empty(Receive(m));
        Assert.Empty(Receive(m with { Text = "changed text, same id" }));
    }

    [Fact]
    public void Messages_arriving_during_a_turn_should_queue_in_order_and_run_next()
    {
        Receive(Inbound.Dm("one"));
        Receive(Inbound.Dm("two"));
        Receive(Inbound.Dm("three"));
        Assert.Equal(["two", "three"], _state.Queue.Select(q => q.Text));

        var events = Step(new SessionInput.CompleteTurn(1, "answer one", 10, 5));
        Assert.Collection(events,
            e => Assert.IsType<AnswerCompleted>(e),
            e => Assert.Equal("answer one", string.Concat(Assert.IsType<ReplyQueued>(e).Chunks)),
            e => Assert.Equal("two", Assert.IsType<TurnStarted>(e).Prompt.Text));
        Assert.Equal(["three"], _state.Queue.Select(q => q.Text));
    }

    [Fact]
    public void A_stale_completion_should_be_ignored()
    {
        Receive(Inbound.Dm("one"));
        Assert.Empty(Step(new SessionInput.CompleteTurn(7, "from a turn that no longer runs", 1, 1)));
        Assert.NotNull(_state.Current);
    }

    [Fact]
    public void Stop_should_end_the_running_turn_and_drop_the_queue()
    {
        Receive(Inbound.Dm("one"));
        Receive(Inbound.Dm("two"));
        var events = Receive(Inbound.Dm("/stop"));
        Assert.Contains(events, e => e is TurnStopped { TurnNumber: 1, Reason: "/stop" });
        Assert.Contains(events, e => e is QueueCleared { Dropped: 1 });
        Assert.Equal("Stopped the running answer and dropped 1 waiting message.", ReplyText(events));
        Assert.Null(_state.Current);
        Assert.Empty(_state.Queue);
    }

    [Fact]
    public void Stop_when_idle_should_say_nothing_is_running()
    {
        Assert.Equal("Nothing is running.", ReplyText(Receive(Inbound.Dm("/stop"))));
    }

    [Fact]
    public void Retry_should_rerun_the_last_prompt_in_place_of_its_answer()
    {
        var first = Inbound.Dm("question");
        Receive(first);
        Step(new SessionInput.CompleteTurn(1, "bad answer", 3, 2));
        var retry = Inbound.Dm("/retry");

        var events = Receive(retry);
        var started = Assert.Single(events.OfType<TurnStarted>());
        Assert.True(started.IsRetry);
        Assert.Equal(first.MsgId, started.Prompt.MsgId);
        Assert.Equal(retry.ReplyTo, started.Prompt.ReplyTo);
        // The agent sees the question again, not the answer it is replacing.
        Assert.Equal([new HistoryEntry(HistoryRole.User, "question", first.MsgId)], _state.History);
    }

    [Fact]
    public void Retry_should_refuse_while_a_turn_runs_or_when_there_is_nothing()
    {
        Assert.Equal(SessionCommandReplies.NothingToRetry, ReplyText(Receive(Inbound.Dm("/retry"))));
        Receive(Inbound.Dm("question"));
        Assert.Equal(SessionCommandReplies.RetryWhileRunning, ReplyText(Receive(Inbound.Dm("/retry"))));
    }

    [Theory]
    [InlineData("/new")]
    [InlineData("/reset")]
    [InlineData("/NEW please")]
    public void New_and_reset_should_clear_the_history_and_the_since_new_usage(string command)
    {
        Receive(Inbound.Dm("question"));
        Step(new SessionInput.CompleteTurn(1, "answer", 30, 20));
        var events = Receive(Inbound.Dm(command));
        Assert.Contains(events, e => e is HistoryCleared);
        Assert.Empty(_state.History);
        Assert.Equal(new UsageCounters(0, 0, 0, 0), _state.SinceNew);
        Assert.Equal(new UsageCounters(1, 2, 30, 20), _state.Total);
    }

    [Fact]
    public void Usage_should_count_turns_messages_and_tokens_in_all_and_since_new()
    {
        Receive(Inbound.Dm("q1"));
        Step(new SessionInput.CompleteTurn(1, "a1", 100, 40));
        Receive(Inbound.Dm("/new"));
        Receive(Inbound.Dm("q2"));
        Step(new SessionInput.CompleteTurn(2, "a2", 7, 3));
        var text = ReplyText(Receive(Inbound.Dm("/usage")));
        Assert.Contains("in all: 2 turns, 4 messages, 150 tokens (107 in, 43 out)", text);
        Assert.Contains("since the last /new (2026-11-24 12:00 UTC): 1 turn, 2 messages, 10 tokens (7 in, 3 out)", text);
    }

    [Fact]
    public void Status_should_say_running_or_idle_and_what_waits()
    {
        Assert.StartsWith("Idle. Nothing is waiting.", ReplyText(Receive(Inbound.Dm("/status"))));
        Receive(Inbound.Dm("first question"));
        Receive(Inbound.Dm("second question"));
        var text = ReplyText(Receive(Inbound.Dm("/status")));
        Assert.Contains("Running: answering \"first question\"", text);
        Assert.Contains("Waiting: 1 message\n- \"second question\"", text);
    }

    [Fact]
    public void Status_should_say_the_running_turn_waits_for_the_agent_when_it_is_queued_for_a_slot()
    {
        Receive(Inbound.Dm("first question"));
        var text = ReplyText(Step(new SessionInput.Receive(Inbound.Dm("/status")) { TurnWaitsForAgent = true }));
        Assert.StartsWith("Running: waiting for the agent (other conversations are ahead) to answer \"first question\"", text);
    }

    [Fact]
    public void Help_and_hooks_and_unknown_commands_should_answer_without_a_turn()
    {
        var help = ReplyText(Receive(Inbound.Dm("/help")));
        foreach (var (name, _) in SlashCommandParser.Commands) Assert.Contains(name, help);
        Assert.Contains("/home/crab/.edgecrab/hooks", ReplyText(Receive(Inbound.Dm("/hooks"))));
        Assert.Contains("Unknown command /frobnicate", ReplyText(Receive(Inbound.Dm("/frobnicate"))));
        Assert.Null(_state.Current);
    }

    [Fact]
    public void A_refused_message_should_be_answered_with_the_reason_and_never_run()
    {
        var m = Inbound.Dm("(picture)") with { Refusal = "I can only read text messages." };
        var events = Receive(m);
        Assert.Equal(MessageRole.Refused, events.OfType<MessageReceived>().Single().Role);
        Assert.Equal("I can only read text messages.", ReplyText(events));
        Assert.Null(_state.Current);
        Assert.Empty(Receive(m));
    }

    [Fact]
    public void A_failed_turn_should_tell_the_user_and_run_the_next()
    {
        Receive(Inbound.Dm("one"));
        Receive(Inbound.Dm("two"));
        var events = Step(new SessionInput.FailTurn(1, "the model provider could not be reached."));
        Assert.Contains("could not answer: the model provider could not be reached.", ReplyText(events));
        Assert.Equal("two", _state.Current!.Prompt.Text);
    }

    [Fact]
    public void Interrupt_should_put_the_turn_back_at_the_head_of_the_queue_without_starting_anything()
    {
        var one = Inbound.Dm("one");
        Receive(one);
        Receive(Inbound.Dm("two"));
        var events = Step(new SessionInput.InterruptTurn());
        Assert.IsType<TurnInterrupted>(Assert.Single(events));
        Assert.Null(_state.Current);
        Assert.Equal(["one", "two"], _state.Queue.Select(q => q.Text));
        Assert.Empty(_state.History);

        // After a restart, resuming runs it again, as turn 2.
        var restarted = Step(new SessionInput.Resume());
        Assert.Equal(one.MsgId, Assert.IsType<TurnStarted>(Assert.Single(restarted)).Prompt.MsgId);
    }

    [Fact]
    public void Interrupt_busy_mode_should_stop_the_running_turn_for_a_newer_message()
    {
        var options = Options with { BusyMode = BusyMode.Interrupt };
        Receive(Inbound.Dm("one"), options);
        var events = Receive(Inbound.Dm("two"), options);
        Assert.Contains(events, e => e is TurnStopped { TurnNumber: 1 });
        Assert.Equal("two", _state.Current!.Prompt.Text);
    }

    [Fact]
    public void Latest_busy_mode_should_keep_only_the_newest_waiting_message()
    {
        var options = Options with { BusyMode = BusyMode.Latest };
        Receive(Inbound.Dm("one"), options);
        Receive(Inbound.Dm("two"), options);
        Receive(Inbound.Dm("three"), options);
        Assert.Equal(["three"], _state.Queue.Select(q => q.Text));
        Assert.Equal("one", _state.Current!.Prompt.Text);
    }

    [Fact]
    public void A_long_answer_should_be_queued_as_ordered_chunks_and_leave_the_outbox_as_they_are_delivered()
    {
        Receive(Inbound.Dm("write a lot"));
        var answer = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i}: " + new string('x', 40)));
        var events = Step(new SessionInput.CompleteTurn(1, answer, 1, 1));
        var queued = events.OfType<ReplyQueued>().Single();
        Assert.True(queued.Chunks.Count > 1);
        Assert.Equal(answer, string.Concat(queued.Chunks));
        Assert.Equal(Enumerable.Range(0, queued.Chunks.Count), _state.Outbox.Select(c => c.Index));

        Step(new SessionInput.MarkDelivered(queued.ReplyNumber, 0, "sessionWebhook"));
        Assert.Equal(queued.Chunks.Count - 1, _state.Outbox.Count);
        Assert.Empty(Step(new SessionInput.MarkDelivered(queued.ReplyNumber, 0, "sessionWebhook")));
    }

    [Fact]
    public void A_snapshot_should_restore_the_same_state()
    {
        Receive(Inbound.Dm("one"));
        Receive(Inbound.Dm("two"));
        Receive(Inbound.Dm("/new"));
        var restored = SessionSnapshot.From(_state).ToState();
        Assert.Equal(_state.Accepted.InOrder, restored.Accepted.InOrder);
        Assert.Equal(_state.History, restored.History);
        Assert.Equal(_state.Queue, restored.Queue);
        Assert.Equal(_state.Outbox, restored.Outbox);
        Assert.Equal(_state.Current, restored.Current);
        Assert.Equal(_state.Total, restored.Total);
        Assert.Equal(_state.NextReplyNumber, restored.NextReplyNumber);
    }

    [Fact]
    public void The_dedup_window_should_forget_only_the_oldest_beyond_its_capacity()
    {
        var window = DedupWindow.From(Enumerable.Range(0, DedupWindow.Capacity + 3).Select(i => $"m{i}"));
        Assert.False(window.Contains("m0"));
        Assert.False(window.Contains("m2"));
        Assert.True(window.Contains("m3"));
        Assert.True(window.Contains($"m{DedupWindow.Capacity + 2}"));
    }

    [Fact]
    public void Chunker_limits_should_apply_to_replies()
    {
        var small = Options with { Chunker = new ReplyChunker(new ReplyLimits(1024, 4096)) };
        Receive(Inbound.Dm("q"), small);
        var events = Step(new SessionInput.CompleteTurn(1, new string('a', 3000), 1, 1), small);
        Assert.All(events.OfType<ReplyQueued>().Single().Chunks, c => Assert.True(c.Length <= 1024));
    }
}
