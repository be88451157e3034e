using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// Commands a <c>command:*</c> hook may cancel, and turns an <c>agent:start</c> hook may cancel, as the pure state
/// decides them: held until the hooks answer, in the order they came, then acting on the state as it is by then.
/// </summary>
public sealed class HeldCommandSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private ConversationState _state = ConversationState.Empty("cid-dm-1");

    private IReadOnlyList<ISessionEvent> Step(SessionInput input, SessionOptions? options = null) =>
        DecisionStep.Take(ref _state, input, Now, options ?? SessionOptions.Default);

    // A hook wants command:status (and command:new), nothing else.
    private IReadOnlyList<ISessionEvent> Receive(InboundMessage m) =>
        Step(new SessionInput.Receive(m) { HookWants = name => name is "command:status" or "command:new" });

    private static string ReplyText(IEnumerable<ISessionEvent> events) => string.Concat(events.OfType<ReplyQueued>().Single().Chunks);

    [Fact]
    public void A_command_a_hook_wants_should_be_held_and_answer_nothing_yet()
    {
        var status = Inbound.Dm("/status");
        var events = Receive(status);
        Assert.Equal(MessageRole.Held, Assert.IsType<MessageReceived>(Assert.Single(events)).Role);
        Assert.Equal([status.MsgId], _state.Held.Select(m => m.MsgId));
        Assert.False(_state.IsIdle); // a restart must find it and ask the hooks again
    }

    [Fact]
    public void A_command_no_hook_wants_should_act_at_once()
    {
        var events = Receive(Inbound.Dm("/usage"));
        Assert.Contains("turn", ReplyText(events), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_state.Held);
    }

    [Fact]
    public void A_cancelled_command_should_answer_with_the_hooks_reason_in_EdgeCrabs_words_and_not_act()
    {
        var reset = Inbound.Dm("/new");
        Receive(Inbound.Dm("remember me"));
        Step(new SessionInput.CompleteTurn(1, "noted", 1, 1));
        Receive(reset);

        var events = Step(new SessionInput.Vetted(reset.MsgId, "resets are off on Fridays"));
        Assert.IsType<CommandVetted>(events[0]);
        Assert.Equal("⛔ Cancelled by a local hook: resets are off on Fridays", ReplyText(events));
        Assert.DoesNotContain(events, e => e is HistoryCleared);
        Assert.Equal(2, _state.History.Length);
        Assert.Empty(_state.Held);
    }

    [Fact]
    public void A_command_let_through_should_act_on_the_state_as_it_is_then()
    {
        var reset = Inbound.Dm("/new");
        Receive(reset);
        var events = Step(new SessionInput.Vetted(reset.MsgId, null));
        Assert.Collection(events,
            e => Assert.Null(Assert.IsType<CommandVetted>(e).CancelReason),
            e => Assert.IsType<HistoryCleared>(e),
            e => Assert.Contains("new conversation", string.Concat(Assert.IsType<ReplyQueued>(e).Chunks)));
    }

    [Fact]
    public void A_held_hooks_command_should_list_what_is_loaded_when_it_acts()
    {
        var hooks = Inbound.Dm("/hooks");
        Step(new SessionInput.Receive(hooks) { HookWants = _ => true, HooksListing = "stale" });
        var events = Step(new SessionInput.Vetted(hooks.MsgId, null) { HooksListing = "• audit" });
        Assert.Equal("• audit", ReplyText(events));
    }

    [Fact]
    public void What_arrives_behind_a_held_command_should_wait_for_it_in_order()
    {
        var status = Inbound.Dm("/status");
        var usage = Inbound.Dm("/usage");
        var prompt = Inbound.Dm("a question");
        Receive(status);
        // No hook wants /usage, but it came after /status: it is held too, and the prompt starts no turn.
        Assert.Equal(MessageRole.Held, Assert.IsType<MessageReceived>(Assert.Single(Receive(usage))).Role);
        Assert.Equal(MessageRole.Prompt, Assert.IsType<MessageReceived>(Assert.Single(Receive(prompt))).Role);
        Assert.Null(_state.Current);

        // Answers for anything but the oldest held command are not its turn.
        Assert.Empty(Step(new SessionInput.Vetted(usage.MsgId, null)));
        Step(new SessionInput.Vetted(status.MsgId, null));
        Assert.Null(_state.Current);
        var events = Step(new SessionInput.Vetted(usage.MsgId, null));
        Assert.Equal(prompt.MsgId, Assert.IsType<TurnStarted>(events[^1]).Prompt.MsgId);
        Assert.True(_state.Held.IsEmpty);
    }

    [Fact]
    public void Held_commands_should_be_bounded_like_the_queue()
    {
        var options = SessionOptions.Default with { MaxWaiting = 2 };
        Step(new SessionInput.Receive(Inbound.Dm("/status")) { HookWants = _ => true }, options);
        Step(new SessionInput.Receive(Inbound.Dm("/status")) { HookWants = _ => true }, options);
        var events = Step(new SessionInput.Receive(Inbound.Dm("/status")) { HookWants = _ => true }, options);
        Assert.Equal(MessageRole.NotTaken, Assert.IsType<MessageReceived>(events[0]).Role);
        Assert.Contains("Busy", ReplyText(events), StringComparison.Ordinal);
        Assert.Equal(2, _state.Held.Count);
    }

    [Fact]
    public void A_turn_cancelled_by_an_agent_start_hook_should_end_with_the_reason_and_let_the_next_one_run()
    {
        var first = Inbound.Dm("first");
        Receive(first);
        Receive(Inbound.Dm("second"));
        var events = Step(new SessionInput.CancelTurn(1, "no models after midnight"));
        Assert.Collection(events,
            e => Assert.StartsWith("cancelled by a local hook", Assert.IsType<TurnStopped>(e).Reason, StringComparison.Ordinal),
            e => Assert.Equal("⛔ Cancelled by a local hook: no models after midnight", string.Concat(Assert.IsType<ReplyQueued>(e).Chunks)),
            e => Assert.Equal("second", Assert.IsType<TurnStarted>(e).Prompt.Text));
        Assert.Empty(Step(new SessionInput.CancelTurn(1, "too late: that turn is over")));
    }

    [Fact]
    public void Held_commands_should_survive_a_snapshot()
    {
        Receive(Inbound.Dm("/status"));
        var back = SessionSnapshot.From(_state).ToState(Now);
        Assert.Equal(_state.Held, back.Held);
    }
}
