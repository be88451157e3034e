using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>What the pure state decides about a turn's AI card: which card, and how every way a turn ends closes it.</summary>
public sealed class CardDecisionSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Cards = SessionOptions.Default with { Cards = CardOptions.Default, Admins = new HashSet<string> { "admin007" } };

    private ConversationState _state = ConversationState.Empty("cid-dm-1");

    private IReadOnlyList<ISessionEvent> Step(SessionInput input, DateTimeOffset? at = null) => DecisionStep.Take(ref _state, input, at ?? Now, Cards);

    /// <summary>A turn running with its card open.</summary>
    private string Open(string text = "hello")
    {
        Step(new SessionInput.Receive(Inbound.Dm(text)));
        var card = _state.CardFor(_state.Current!, Now, Cards)!;
        Step(new SessionInput.OpenCard(_state.Current!.Number, card));
        return card;
    }

    private static ReplyQueued Queued(IEnumerable<ISessionEvent> events, ReplyKind kind) => events.OfType<ReplyQueued>().Single(r => r.Kind == kind);

    [Fact]
    public void A_turn_should_get_a_card_only_when_cards_are_on_and_not_paused()
    {
        Step(new SessionInput.Receive(Inbound.Dm("hello")));
        var turn = _state.Current!;
        Assert.Null(_state.CardFor(turn, Now, SessionOptions.Default));
        var card = _state.CardFor(turn, Now, Cards);
        Assert.Equal(("cid-dm-1", turn.Number), DingTalk.Cards.CardTrackId.Read(card));
        Assert.Null((_state with { CardsPausedUntil = Now.AddMinutes(1) }).CardFor(turn, Now, Cards));
        Assert.Equal(card, (_state with { CardsPausedUntil = Now.AddMinutes(-1) }).CardFor(turn, Now, Cards));
    }

    [Fact]
    public void A_card_answer_should_be_one_reply_the_card_first_then_the_rest_as_markdown()
    {
        var card = Open();
        var answer = string.Join(' ', Enumerable.Range(1, 1500).Select(i => $"w{i}"));
        var events = Step(new SessionInput.CompleteTurn(1, answer, 1, 1) { CardShown = 100, CardLive = true });
        var reply = Queued(events, ReplyKind.CardFinal);
        Assert.Equal(card, reply.Target.CardId);
        Assert.Equal(100, reply.CardShown);
        Assert.Equal(answer, string.Concat(reply.Chunks));
        Assert.True(reply.Chunks.Count > 1);
        Assert.True(_state.Outbox[0].IsCardWrite);
        Assert.All(_state.Outbox.Skip(1), c => Assert.False(c.IsCardWrite));
    }

    [Fact]
    public void An_answer_whose_card_was_refused_mid_stream_should_go_on_in_markdown_from_what_the_card_did_not_show()
    {
        Open();
        var refused = Step(new SessionInput.RefuseCard(1, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"));
        Assert.Equal(Now + CardOptions.DefaultPauseAfterRefusal, Assert.IsType<CardRefused>(refused[0]).Until);
        Assert.Equal(ConversationStateSpecsText.ContinuesBelow, string.Concat(Queued(refused, ReplyKind.CardClose).Chunks));
        Assert.Null(_state.Current!.Card);

        var events = Step(new SessionInput.CompleteTurn(1, "LLM says: the whole answer", 1, 1) { CardShown = 10, CardLive = false });
        Assert.Equal("the whole answer", string.Concat(Queued(events, ReplyKind.Reply).Chunks));
    }

    [Fact]
    public void A_final_write_refused_should_degrade_to_one_markdown_reply_of_what_the_card_never_showed()
    {
        Open();
        Step(new SessionInput.CompleteTurn(1, "0123456789abcdef", 1, 1) { CardShown = 10, CardLive = true });
        var final = _state.Outbox.Single();
        var events = Step(new SessionInput.AbandonChunk(final.ReplyNumber, final.Index, "card refused"));
        Assert.Contains(events, e => e is CardRefused);
        Assert.Equal("abcdef", string.Concat(Queued(events, ReplyKind.Reply).Chunks));
        Assert.Null(_state.Outbox.Single().Target.CardId);
    }

    [Fact]
    public void Stop_failure_and_interruption_should_each_close_the_card_with_their_line()
    {
        var card = Open("first");
        var stopped = Step(new SessionInput.Receive(Inbound.Dm("/stop")));
        Assert.Equal("\n\n⏹ Stopped.", string.Concat(Queued(stopped, ReplyKind.CardClose).Chunks));
        Assert.Equal(card, Queued(stopped, ReplyKind.CardClose).Target.CardId);

        Open("second");
        var failed = Step(new SessionInput.FailTurn(_state.Current!.Number, "no answer within 300 s"));
        Assert.Contains("no answer within 300 s", string.Concat(Queued(failed, ReplyKind.CardFailed).Chunks));
        Assert.DoesNotContain(failed, e => e is ReplyQueued { Kind: ReplyKind.Reply });

        Open("third");
        var interrupted = Step(new SessionInput.InterruptTurn());
        Assert.Contains("Interrupted by a restart", string.Concat(Queued(interrupted, ReplyKind.CardClose).Chunks));
    }

    [Fact]
    public void The_stop_button_should_stop_for_the_asker_or_an_admin_and_nobody_else()
    {
        var card = Open();
        Assert.Empty(Step(new SessionInput.PressStop(card, "user999")));
        Assert.Empty(Step(new SessionInput.PressStop("ec1_00_1_00000000", "user001")));
        var events = Step(new SessionInput.PressStop(card, "admin007"));
        Assert.Equal("stop button", Assert.IsType<TurnStopped>(events[0]).Reason);
        Assert.Null(_state.Current);
        Assert.Empty(Step(new SessionInput.PressStop(card, "user001"))); // pressed again: nothing is running
    }

    [Fact]
    public void A_card_delivered_after_its_turn_was_stopped_should_be_closed_and_a_press_before_it_is_recorded_should_stop()
    {
        Step(new SessionInput.Receive(Inbound.Dm("hello")));
        var card = _state.CardFor(_state.Current!, Now, Cards)!;
        // The button is pressed before the session has recorded the card: the turn's own id still stops it.
        Assert.IsType<TurnStopped>(Step(new SessionInput.PressStop(card, "user001"))[0]);
        var late = Step(new SessionInput.OpenCard(1, card));
        var close = Queued(late, ReplyKind.CardClose);
        Assert.Equal(card, close.Target.CardId);
        Assert.Equal("\n\n⏹ Stopped.", string.Concat(close.Chunks));
    }

    [Fact]
    public void A_card_should_survive_a_snapshot_and_a_crash_finds_the_same_one()
    {
        var card = Open();
        _state = _state with { CardsPausedUntil = Now.AddMinutes(3) };
        var back = SessionSnapshot.From(_state).ToState(Now);
        Assert.Equal(card, back.Current!.Card);
        // Its own card even while cards are paused: a crash must not leave it streaming.
        Assert.Equal(card, back.CardFor(back.Current, Now, Cards));
        Assert.Equal(_state.CardsPausedUntil, back.CardsPausedUntil);
    }
}

/// <summary>The closing lines, as the specs expect to read them.</summary>
internal static class ConversationStateSpecsText
{
    public const string ContinuesBelow = "\n\n↓ The answer continues below.";
}
