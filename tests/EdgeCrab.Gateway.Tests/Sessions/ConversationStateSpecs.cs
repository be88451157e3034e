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
    private static readonly SessionOptions Options = SessionOptions.Default;

    private ConversationState _state = ConversationState.Empty("cid-dm-1");

    private IReadOnlyList<ISessionEvent> Step(SessionInput input, SessionOptions? options = null, DateTimeOffset? at = null) =>
        DecisionStep.Take(ref _state, input, at ?? Now, options ?? Options);

    private IReadOnlyList<ISessionEvent> Receive(InboundMessage m, SessionOptions? options = null, DateTimeOffset? at = null) =>
        Step(new SessionInput.Receive(m), options, at);

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
        Assert.Equal<HistoryEntry>([new HistoryEntry(HistoryRole.User, "hello", m.MsgId)], _state.History);
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
    public void A_turn_started_for_a_prompt_behind_the_head_should_take_only_that_prompt_from_the_queue()
    {
        Receive(Inbound.Dm("one"));
        Receive(Inbound.Dm("two"));
        Receive(Inbound.Dm("three"));
        Receive(Inbound.Dm("four"));
        _state = _state.Apply(new TurnStopped(1, "stopped", Now)).Apply(new TurnStarted(2, _state.Queue[1], IsRetry: false, Now));

        Assert.Equal("three", _state.Current!.Prompt.Text);
        Assert.Equal(["two", "four"], _state.Queue.Select(q => q.Text));

        // A prompt that is not queued (a retry of the last one) leaves the queue as it was.
        var retried = _state.Apply(new TurnStopped(2, "stopped", Now)).Apply(new TurnStarted(3, _state.Current.Prompt, IsRetry: true, Now));
        Assert.Equal(["two", "four"], retried.Queue.Select(q => q.Text));
    }

    [Fact]
    public void An_answer_given_without_its_pictures_should_say_so_under_it_once_per_conversation_and_keep_the_history_clean()
    {
        Receive(Inbound.Dm("what is this? [picture]"));
        var first = Step(new SessionInput.CompleteTurn(1, "a cat, I am told", 10, 5) { PicturesUnseen = true });
        Assert.Equal("a cat, I am told" + SessionCommandReplies.PicturesUnseen, ReplyText(first));
        Assert.True(first.OfType<AnswerCompleted>().Single().PicturesUnseen);
        Assert.Equal("a cat, I am told", _state.History.Last().Text);
        Assert.True(_state.PicturesUnseenTold);

        Receive(Inbound.Dm("and this? [picture]"));
        Assert.Equal("a dog", ReplyText(Step(new SessionInput.CompleteTurn(2, "a dog", 10, 5) { PicturesUnseen = true })));

        // A snapshot keeps that it was said.
        Assert.True(SessionSnapshot.From(_state).ToState(Now).PicturesUnseenTold);
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
        Assert.Equal<HistoryEntry>([new HistoryEntry(HistoryRole.User, "question", first.MsgId)], _state.History);
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
        Assert.Equal("No hooks are loaded. Put one folder per hook in hooks/ (HOOK.yaml and a handler).", ReplyText(Receive(Inbound.Dm("/hooks"))));
        // The node's hooks as the session was told them with the message: the state keeps nothing of them.
        var listing = _state.Decide(new SessionInput.Receive(Inbound.Dm("/hooks")) { HooksListing = "1 hook(s) loaded from hooks/:\n• audit [shell] p=50" }, Now, Options);
        Assert.Contains("• audit [shell] p=50", ReplyText(listing));
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
        var restored = SessionSnapshot.From(_state).ToState(Now.AddHours(1));
        Assert.Equal(_state.Accepted.InOrder, restored.Accepted.InOrder);
        Assert.Equal<HistoryEntry>(_state.History, restored.History);
        Assert.Equal(_state.Queue, restored.Queue);
        Assert.Equal(_state.Outbox, restored.Outbox);
        Assert.Equal(_state.Current, restored.Current);
        Assert.Equal(_state.Total, restored.Total);
        Assert.Equal(_state.NextReplyNumber, restored.NextReplyNumber);
    }

    // ---- Bounds: the dedup window by time, the queue, the kept history ----

    [Fact]
    public void A_msgId_should_be_deduplicated_for_the_whole_retention_and_forgotten_after_it()
    {
        var m = Inbound.Dm("hello");
        Receive(m);
        Assert.Empty(Step(new SessionInput.Receive(m), at: Now + DedupWindow.Retention - TimeSpan.FromSeconds(1)));
        // Forgotten lazily: only once a newer message is accepted past the retention.
        Step(new SessionInput.Receive(Inbound.Dm("/help")), at: Now + DedupWindow.Retention);
        Assert.False(_state.HasAccepted(m.MsgId));
    }

    [Fact]
    public void A_full_dedup_window_should_refuse_a_new_message_rather_than_forget_one_inside_its_retention()
    {
        _state = _state with { Accepted = DedupWindow.From(Enumerable.Range(0, DedupWindow.MaxEntries).Select(i => new DedupWindow.Entry($"m{i}", Now))) };
        var late = Inbound.Dm("one too many");
        var inside = Now + DedupWindow.Retention - TimeSpan.FromSeconds(1);
        Assert.False(_state.CanAccept(inside));
        Assert.Empty(Step(new SessionInput.Receive(late), at: inside));
        Assert.True(_state.HasAccepted("m0"));

        // Redelivered once the oldest have aged out, it is taken, and they are the ones forgotten.
        var after = Now + DedupWindow.Retention;
        Assert.True(_state.CanAccept(after));
        Assert.Contains(Step(new SessionInput.Receive(late), at: after), e => e is MessageReceived);
        Assert.False(_state.HasAccepted("m0"));
        Assert.Equal(1, _state.Accepted.Count);
    }

    [Fact]
    public void Replaying_the_journal_or_a_snapshot_should_rebuild_the_same_dedup_window_with_its_times()
    {
        var journal = new List<ISessionEvent>();
        for (var minute = 0; minute < 15; minute++)
            journal.AddRange(Step(new SessionInput.Receive(Inbound.Dm("/help")), at: Now.AddMinutes(minute)));
        var replayed = journal.Aggregate(ConversationState.Empty(_state.ConversationId), (s, e) => s.Apply(e));
        Assert.Equal(_state.Accepted.InOrder, replayed.Accepted.InOrder);
        // Minutes 0 to 4 are older than ten minutes by minute 14 (dropped as each later one came); 5 to 14 remain.
        Assert.Equal(Enumerable.Range(5, 10).Select(i => Now.AddMinutes(i)), _state.Accepted.InOrder.Select(e => e.At));
        Assert.Equal(_state.Accepted.InOrder, SessionSnapshot.From(_state).ToState(Now.AddDays(1)).Accepted.InOrder);
    }

    [Fact]
    public void A_snapshot_from_before_dedup_times_should_load_its_msgIds_as_accepted_when_loaded()
    {
        var old = new SessionSnapshot("cid-dm-1", ["old-1", "old-2"], [], [], null, null, [], 1, 1, UsageCounters.Zero, UsageCounters.Zero, null);
        var loadedAt = Now.AddDays(3);
        var state = old.ToState(loadedAt);
        Assert.Equal([new DedupWindow.Entry("old-1", loadedAt), new DedupWindow.Entry("old-2", loadedAt)], state.Accepted.InOrder);
        Assert.Empty(state.Undelivered);
    }

    [Fact]
    public void A_message_over_the_queue_bound_should_be_accepted_but_not_taken_with_one_reply_per_overflow()
    {
        var options = Options with { MaxWaiting = 2 };
        Receive(Inbound.Dm("running"), options);
        Receive(Inbound.Dm("waiting 1"), options);
        Receive(Inbound.Dm("waiting 2"), options);

        var over = Inbound.Dm("over the bound");
        var events = Receive(over, options);
        Assert.Equal(MessageRole.NotTaken, events.OfType<MessageReceived>().Single().Role);
        var reply = ReplyText(events);
        Assert.Contains("Busy", reply);
        Assert.Contains("was not taken", reply);
        Assert.True(_state.HasAccepted(over.MsgId));
        Assert.Equal(["waiting 1", "waiting 2"], _state.Queue.Select(q => q.Text));

        // The rest of the flood is taken in silence: one reply each would be a flood of replies.
        var again = Receive(Inbound.Dm("also over"), options);
        Assert.Equal(MessageRole.NotTaken, Assert.IsType<MessageReceived>(Assert.Single(again)).Role);

        // Once the queue moves, a message is queued again; the next overflow is told again.
        Step(new SessionInput.CompleteTurn(1, "answer", 1, 1), options);
        Assert.Contains(Receive(Inbound.Dm("fits again"), options), e => e is MessageReceived { Role: MessageRole.Prompt });
        Assert.Single(Receive(Inbound.Dm("over again"), options).OfType<ReplyQueued>());
    }

    [Fact]
    public void The_history_kept_should_stay_bounded_and_still_fill_the_window_after_a_retry()
    {
        var window = HistoryWindow.Default;
        var all = new List<HistoryEntry>();
        for (var turn = 1; turn <= 3 * window.MaxEntries; turn++)
        {
            var m = Inbound.Dm($"question {turn}");
            Receive(m);
            Step(new SessionInput.CompleteTurn(turn, $"answer {turn}", 1, 1));
            all.Add(new HistoryEntry(HistoryRole.User, m.Text, m.MsgId));
            all.Add(new HistoryEntry(HistoryRole.Assistant, $"answer {turn}", null));
        }
        Assert.True(_state.History.Length <= window.MaxEntries + 2, $"{_state.History.Length} entries kept");
        Assert.Equal(window.Select(all), window.Select(_state.History));

        // /retry drops the last turn and asks again: the agent still sees a full window of what came before.
        Receive(Inbound.Dm("/retry"));
        var expected = all.Take(all.Count - 2).Append(all[^2]).ToArray();
        Assert.Equal(window.MaxEntries, window.Select(_state.History).Count);
        Assert.Equal(window.Select(expected), window.Select(_state.History));
    }

    [Fact]
    public void The_history_kept_should_be_bounded_by_characters_too()
    {
        var answer = new string('a', 30_000);
        for (var turn = 1; turn <= 20; turn++)
        {
            Receive(Inbound.Dm($"question {turn}"));
            Step(new SessionInput.CompleteTurn(turn, answer, 1, 1));
        }
        Assert.True(_state.History.Sum(h => h.Text.Length) <= HistoryWindow.Default.MaxChars + 2 * answer.Length);
    }

    [Fact]
    public void An_interrupted_turn_should_leave_the_history_as_before_it_within_the_bound()
    {
        for (var turn = 1; turn <= 100; turn++)
        {
            Receive(Inbound.Dm($"q{turn}"));
            Step(new SessionInput.CompleteTurn(turn, $"a{turn}", 1, 1));
        }
        var before = _state.History;
        Receive(Inbound.Dm("interrupted"));
        Step(new SessionInput.InterruptTurn());
        Assert.Equal(HistoryWindow.Default.Select(before), HistoryWindow.Default.Select(_state.History));
    }

    // ---- Gaps: a chunk that cannot be delivered ----

    private static readonly SessionOptions SmallChunks = Options with { Chunker = new ReplyChunker(new ReplyLimits(1024, 4096)) };

    private static string ThreeParts => string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"Part {i} " + new string((char)('a' + i), 900)));

    /// <summary>A prompt answered with a three-chunk reply; returns that reply.</summary>
    private ReplyQueued AnswerInThreeChunks()
    {
        Receive(Inbound.Dm("write three parts"), SmallChunks);
        var queued = Step(new SessionInput.CompleteTurn(_state.Current!.Number, ThreeParts, 1, 1), SmallChunks).OfType<ReplyQueued>().Single();
        Assert.Equal(3, queued.Chunks.Count);
        return queued;
    }

    [Fact]
    public void A_chunk_given_up_should_cut_the_rest_of_its_reply_and_tell_the_user_once()
    {
        var reply = AnswerInThreeChunks();
        Step(new SessionInput.MarkDelivered(reply.ReplyNumber, 0, "sessionWebhook"));

        var events = Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 1, "refused"));
        Assert.Equal(new ReplyPartUndelivered(reply.ReplyNumber, 1, "refused", Now), events[0]);
        var notice = Assert.IsType<ReplyQueued>(Assert.Single(events, e => e is ReplyQueued));
        Assert.Equal(ReplyKind.GapNotice, notice.Kind);
        Assert.Equal(reply.Target, notice.Target);
        Assert.Equal(SessionCommandReplies.PartNotDelivered(reply.Title, 1, 3), Assert.Single(notice.Chunks));
        Assert.Contains("/retry", notice.Chunks[0]);
        // Part 3 is never sent after the hole: only the notice is left to send.
        Assert.Equal([(notice.ReplyNumber, 0)], _state.Outbox.Select(c => c.Id));
        Assert.Equal(reply.Chunks.Skip(1), _state.Undelivered.Select(c => c.Text));
    }

    [Fact]
    public void A_lost_notice_should_be_recorded_and_never_noticed_again()
    {
        var reply = AnswerInThreeChunks();
        Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 0, "recipient refused"));
        var notice = _state.Outbox.Single();
        var events = Step(new SessionInput.AbandonChunk(notice.ReplyNumber, 0, "recipient refused"));
        Assert.IsType<ReplyChunkAbandoned>(Assert.Single(events));
        Assert.Empty(_state.Outbox);
        Assert.Equal(reply.Chunks, _state.Undelivered.Select(c => c.Text));
    }

    [Fact]
    public void Retry_after_a_gap_should_resend_the_undelivered_part_as_written_and_then_rerun_as_usual()
    {
        var reply = AnswerInThreeChunks();
        Step(new SessionInput.MarkDelivered(reply.ReplyNumber, 0, "sessionWebhook"));
        Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 1, "refused"));
        var retry = Inbound.Dm("/retry");

        var events = Receive(retry);
        var resend = Assert.IsType<ReplyQueued>(Assert.Single(events, e => e is ReplyQueued));
        Assert.Equal(ReplyKind.Resend, resend.Kind);
        Assert.Equal(reply.Chunks.Skip(1), resend.Chunks);
        Assert.Equal(retry.ReplyTo, resend.Target);
        Assert.Equal(reply.Title, resend.Title);
        Assert.DoesNotContain(events, e => e is TurnStarted);
        Assert.Empty(_state.Undelivered);

        // Nothing is missing any more: the next /retry asks the agent again.
        Assert.True(Assert.Single(Receive(Inbound.Dm("/retry")).OfType<TurnStarted>()).IsRetry);
    }

    [Fact]
    public void A_resend_lost_again_should_be_kept_again_and_told_again()
    {
        var reply = AnswerInThreeChunks();
        Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 2, "refused"));
        Step(new SessionInput.MarkDelivered(_state.Outbox.Single(c => c.Kind == ReplyKind.GapNotice).ReplyNumber, 0, "robotApi"));
        var resend = Receive(Inbound.Dm("/retry")).OfType<ReplyQueued>().Single();

        var events = Step(new SessionInput.AbandonChunk(resend.ReplyNumber, 0, "refused again"));
        Assert.Contains(events, e => e is ReplyQueued { Kind: ReplyKind.GapNotice });
        Assert.Equal([reply.Chunks[2]], _state.Undelivered.Select(c => c.Text));
    }

    [Fact]
    public void Undelivered_parts_kept_for_retry_should_be_bounded()
    {
        for (var i = 0; i < ConversationState.MaxUndelivered + 5; i++)
        {
            Receive(Inbound.Dm($"/help"));
            var reply = _state.Outbox.Single(c => c.Kind == ReplyKind.Reply);
            Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 0, "refused"));
            Step(new SessionInput.AbandonChunk(_state.Outbox.Single().ReplyNumber, 0, "refused"));
        }
        Assert.Equal(ConversationState.MaxUndelivered, _state.Undelivered.Count);
        Assert.Equal(_state.NextReplyNumber - 2, _state.Undelivered[^1].ReplyNumber);
    }

    [Fact]
    public void Queued_chunks_should_carry_their_reply_kind_and_queued_time_for_the_outbox()
    {
        Receive(Inbound.Dm("/help"), at: Now.AddMinutes(3));
        var chunk = _state.Outbox.Single();
        Assert.Equal(Now.AddMinutes(3), chunk.QueuedAt);
        Assert.Equal(ReplyKind.Reply, chunk.Kind);
    }

    [Fact]
    public void A_cut_and_its_retry_state_should_survive_a_replay_and_a_snapshot()
    {
        var journal = new List<ISessionEvent>();
        journal.AddRange(Receive(Inbound.Dm("write three parts"), SmallChunks));
        journal.AddRange(Step(new SessionInput.CompleteTurn(1, ThreeParts, 1, 1), SmallChunks));
        var reply = journal.OfType<ReplyQueued>().Single();
        journal.AddRange(Step(new SessionInput.MarkDelivered(reply.ReplyNumber, 0, "robotApi")));
        journal.AddRange(Step(new SessionInput.AbandonChunk(reply.ReplyNumber, 1, "refused")));

        var replayed = journal.Aggregate(ConversationState.Empty(_state.ConversationId), (s, e) => s.Apply(e));
        Assert.Equal(_state.Undelivered, replayed.Undelivered);
        Assert.Equal(_state.Outbox, replayed.Outbox);
        var restored = SessionSnapshot.From(_state).ToState(Now);
        Assert.Equal(_state.Undelivered, restored.Undelivered);
        Assert.Equal(_state.Outbox, restored.Outbox);
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
