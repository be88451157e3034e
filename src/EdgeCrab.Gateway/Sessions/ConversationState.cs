using EdgeCrab.DingTalk.Replies;
using System.Collections.Immutable;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Commands;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Everything a conversation session knows, and every decision it makes: <see cref="Decide"/> turns an input into
/// events, <see cref="Apply"/> folds an event into the state. No Akka, no I/O, no clock: the actor persists what
/// Decide returns, applies it, and reconciles its children with the result.
/// </summary>
public sealed record ConversationState
{
    public required string ConversationId { get; init; }
    public DedupWindow Accepted { get; init; } = DedupWindow.Empty;
    /// <summary>
    /// The newest history, only as much as <see cref="HistoryWindow.Default"/> can select plus the turn a <c>/retry</c>
    /// replaces (<see cref="HistoryWindow.Keep"/>), so memory and snapshots stay bounded; the journal keeps it all.
    /// A node sending the agent a larger window would have to keep more. An array, not a tree: bounded and small, it costs
    /// 8 B an entry where the tree's nodes cost 48 (a conversation with a full window, ~2.5 KB less; issue 14).
    /// </summary>
    public ImmutableArray<HistoryEntry> History { get; init; } = [];
    public ImmutableList<InboundMessage> Queue { get; init; } = [];
    /// <summary>
    /// Slash commands held until the hooks that may cancel them have answered, oldest first: the oldest is being
    /// vetted, and no turn starts and no later command acts until all have, so everything keeps the order it came in.
    /// </summary>
    public ImmutableList<InboundMessage> Held { get; init; } = [];
    public RunningTurn? Current { get; init; }
    public InboundMessage? LastPrompt { get; init; }
    public ImmutableList<PendingChunk> Outbox { get; init; } = [];
    /// <summary>Parts of replies given up undelivered since the last <c>/retry</c>, oldest first, at most <see cref="MaxUndelivered"/>.</summary>
    public ImmutableList<PendingChunk> Undelivered { get; init; } = [];
    /// <summary>Whether the user was already told the queue is full since it last moved: one notice per overflow, not one per message.</summary>
    public bool QueueFullNoticed { get; init; }
    public int NextTurnNumber { get; init; } = 1;
    public int NextReplyNumber { get; init; } = 1;
    public UsageCounters Total { get; init; } = UsageCounters.Zero;
    public UsageCounters SinceNew { get; init; } = UsageCounters.Zero;
    public DateTimeOffset? LastNewAt { get; init; }
    /// <summary>
    /// Names this journal's life (<see cref="SessionIncarnation"/>): a journal started over, deleted or moved to another
    /// database, numbers its replies from 1 again, and its chunks must still not get the keys DingTalk has seen.
    /// Null until the first message is received.
    /// </summary>
    public string? Incarnation { get => Named?.ToString(); init => Named = value is null ? null : SessionIncarnation.Parse(value); }
    private SessionIncarnation? Named { get; init; }
    /// <summary>Whether the user was told that the model cannot see pictures: once per conversation, not under every answer.</summary>
    public bool PicturesUnseenTold { get; init; }
    /// <summary>DingTalk refused a card lately: until then, answers go as markdown (<see cref="Events.CardRefused"/>).</summary>
    public DateTimeOffset? CardsPausedUntil { get; init; }

    /// <summary>
    /// The undelivered chunks kept for <c>/retry</c>: when DingTalk refuses a route for good, every reply is cut, and
    /// past this the oldest are forgotten (the journal and <c>sessions show</c> still have them).
    /// </summary>
    public const int MaxUndelivered = 32;

    public static ConversationState Empty(string conversationId) => new() { ConversationId = conversationId };

    public bool IsIdle => Current is null && Queue.IsEmpty && Outbox.IsEmpty && Held.IsEmpty;

    public bool HasAccepted(string msgId) => Accepted.Contains(msgId);

    /// <summary>
    /// Whether a new message can be accepted now without forgetting a msgId DingTalk may still redeliver. When not,
    /// the message is refused: no event, no ack, and DingTalk redelivers it later.
    /// </summary>
    public bool CanAccept(DateTimeOffset now) => Accepted.HasRoom(now);

    /// <summary>
    /// The card the running turn's answer should stream into: its own (after a crash, the same one again), or a new one
    /// when cards are on and not paused. Null answers in markdown.
    /// </summary>
    public string? CardFor(RunningTurn turn, DateTimeOffset now, SessionOptions options) =>
        turn.Card ?? (options.Cards is not null && !(now < CardsPausedUntil) ? DingTalk.Cards.CardTrackId.For(ConversationId, turn.Number, Incarnation) : null);

    /// <summary>
    /// What <paramref name="userId"/> pressing stop on card <paramref name="outTrackId"/> does: only the running turn's
    /// card stops it, and only for the person who asked or an admin. Its card may not be recorded yet (the press can
    /// beat <see cref="Events.CardOpened"/>): the running turn's own card id is enough.
    /// </summary>
    public StopPress JudgeStopPress(string outTrackId, string userId, DateTimeOffset now, SessionOptions options)
    {
        if (Current is not { } running || (running.Card ?? CardFor(running, now, options)) != outTrackId) return StopPress.NotRunning;
        return userId == running.Prompt.SenderId || options.Admins.Contains(userId) ? StopPress.Stops : StopPress.NotAllowed;
    }

    public IReadOnlyList<ISessionEvent> Decide(SessionInput input, DateTimeOffset now, SessionOptions options) => Decide(input, now, options, out _);

    /// <param name="after">
    /// This state with the events applied, as deciding them already computed it: what a session holds once they are
    /// written, without applying them a second time (half of a message's state copies and dedup-window updates).
    /// </param>
    public IReadOnlyList<ISessionEvent> Decide(SessionInput input, DateTimeOffset now, SessionOptions options, out ConversationState after)
    {
        var decision = new Decision(this, now, options);
        switch (input)
        {
            case SessionInput.Receive receive:
                decision.TurnWaitsForAgent = receive.TurnWaitsForAgent;
                decision.HooksListing = receive.HooksListing;
                decision.HookWants = receive.HookWants;
                decision.Receive(receive.Message);
                break;
            case SessionInput.CompleteTurn complete when Current?.Number == complete.TurnNumber:
                decision.Complete(complete);
                break;
            case SessionInput.FailTurn fail when Current?.Number == fail.TurnNumber:
                decision.Fail(fail);
                break;
            case SessionInput.Vetted vetted when Held.FirstOrDefault()?.MsgId == vetted.MsgId:
                decision.TurnWaitsForAgent = vetted.TurnWaitsForAgent;
                decision.HooksListing = vetted.HooksListing;
                decision.Act(Held[0], vetted.CancelReason);
                break;
            case SessionInput.CancelTurn cancel when Current is { } vetoed && vetoed.Number == cancel.TurnNumber:
                decision.CancelTurn(vetoed, cancel.Reason);
                break;
            case SessionInput.InterruptTurn when Current is { } running:
                decision.Add(new TurnInterrupted(running.Number, now));
                decision.CloseCard(running, ReplyKind.CardClose, SessionCommandReplies.CardInterrupted);
                after = decision.State;
                return decision.Events; // Nothing starts while the gateway is stopping.
            case SessionInput.OpenCard open when Current is { } opened && opened.Number == open.TurnNumber:
                if (opened.Card != open.OutTrackId) decision.Add(new CardOpened(open.TurnNumber, open.OutTrackId, now));
                break;
            case SessionInput.OpenCard orphan:
                // Delivered while the turn was being stopped (/stop, the button, a newer message): close it too.
                decision.CloseOrphan(orphan.OutTrackId);
                break;
            case SessionInput.RefuseCard refuse when Current is { } refused && refused.Number == refuse.TurnNumber:
                decision.RefuseCard(refused, refuse.Reason);
                break;
            case SessionInput.PressStop press when JudgeStopPress(press.OutTrackId, press.UserId, now, options) == StopPress.Stops:
                decision.StopByButton(Current!);
                break;
            case SessionInput.MarkDelivered delivered when HasPending(delivered.ReplyNumber, delivered.Index):
                decision.Add(new ReplyChunkDelivered(delivered.ReplyNumber, delivered.Index, delivered.Via, now));
                break;
            case SessionInput.AbandonChunk abandon when Pending(abandon.ReplyNumber, abandon.Index) is { } chunk:
                decision.GiveUp(chunk, abandon.Reason);
                break;
        }
        decision.StartNextIfIdle();
        after = decision.State;
        return decision.Events;
    }

    private bool HasPending(int replyNumber, int index) => Pending(replyNumber, index) is not null;

    private PendingChunk? Pending(int replyNumber, int index) => Outbox.Find(c => c.ReplyNumber == replyNumber && c.Index == index);

    public ConversationState Apply(ISessionEvent e) => e switch
    {
        MessageReceived received => ApplyReceived(received),
        TurnStarted started => ApplyStarted(started),
        AnswerCompleted answered => this with
        {
            Current = null,
            History = HistoryWindow.Default.Keep(History.Add(new HistoryEntry(HistoryRole.Assistant, answered.Text, null))),
            Total = Total.AddTurn(answered.InputTokens, answered.OutputTokens),
            SinceNew = SinceNew.AddTurn(answered.InputTokens, answered.OutputTokens),
            PicturesUnseenTold = PicturesUnseenTold || answered.PicturesUnseen == true,
        },
        TurnStopped or TurnFailed => this with { Current = null },
        CardOpened opened when Current is { } running && running.Number == opened.TurnNumber => this with { Current = running with { Card = opened.OutTrackId } },
        CardOpened => this,
        CardRefused refused => this with
        {
            Current = Current is { } running && running.Number == refused.TurnNumber ? running with { Card = null } : Current,
            CardsPausedUntil = refused.Until,
        },
        TurnInterrupted when Current is { } running => this with
        {
            Current = null,
            Queue = Queue.Insert(0, running.Prompt),
            History = WithoutTurnOf(running.Prompt.MsgId),
        },
        TurnInterrupted => this,
        CommandVetted vetted => this with { Held = Held.RemoveAll(m => m.MsgId == vetted.MsgId) },
        QueueCleared => this with { Queue = [], QueueFullNoticed = false },
        HistoryCleared cleared => this with { History = [], SinceNew = UsageCounters.Zero, LastNewAt = cleared.At },
        ReplyQueued queued => this with
        {
            NextReplyNumber = Math.Max(NextReplyNumber, queued.ReplyNumber + 1),
            Outbox = Outbox.AddRange(queued.Chunks.Select((text, i) =>
                new PendingChunk(queued.ReplyNumber, i, queued.Chunks.Count, text, queued.Title, queued.Target, queued.Kind, queued.At, queued.Incarnation) { CardShown = queued.CardShown })),
            Undelivered = queued.Kind == ReplyKind.Resend ? [] : Undelivered,
        },
        ReplyChunkDelivered delivered => this with { Outbox = Outbox.RemoveAll(c => c.ReplyNumber == delivered.ReplyNumber && c.Index == delivered.Index) },
        ReplyChunkAbandoned abandoned => this with { Outbox = Outbox.RemoveAll(c => c.ReplyNumber == abandoned.ReplyNumber && c.Index == abandoned.Index) },
        ReplyPartUndelivered cut => ApplyCut(cut),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown session event"),
    };

    private ConversationState ApplyReceived(MessageReceived received)
    {
        var state = this with
        {
            Named = Named ?? SessionIncarnation.Of(received),
            Accepted = Accepted.Add(received.Message.MsgId, received.At),
            Total = Total.AddMessage(),
            SinceNew = SinceNew.AddMessage(),
        };
        return received.Role switch
        {
            MessageRole.Prompt => state with { Queue = state.Queue.Add(received.Message) },
            MessageRole.NotTaken => state with { QueueFullNoticed = true },
            MessageRole.Held => state with { Held = state.Held.Add(received.Message) },
            _ => state,
        };
    }

    /// <summary>The chunk and the rest of its reply leave the outbox unsent, and are kept (bounded) for <c>/retry</c>.</summary>
    private ConversationState ApplyCut(ReplyPartUndelivered cut)
    {
        bool IsCut(PendingChunk c) => c.ReplyNumber == cut.ReplyNumber && c.Index >= cut.FromIndex;
        var undelivered = Undelivered.AddRange(Outbox.Where(IsCut));
        if (undelivered.Count > MaxUndelivered) undelivered = undelivered.RemoveRange(0, undelivered.Count - MaxUndelivered);
        return this with { Outbox = Outbox.RemoveAll(IsCut), Undelivered = undelivered };
    }

    private ConversationState ApplyStarted(TurnStarted started)
    {
        var history = started.IsRetry ? WithoutTurnOf(started.Prompt.MsgId) : History;
        return this with
        {
            Current = new RunningTurn(started.TurnNumber, started.Prompt, started.At),
            NextTurnNumber = Math.Max(NextTurnNumber, started.TurnNumber + 1),
            Queue = WithoutQueued(started.Prompt.MsgId),
            LastPrompt = started.Prompt,
            History = HistoryWindow.Default.Keep(history.Add(new HistoryEntry(HistoryRole.User, started.Prompt.Text, started.Prompt.MsgId)
            {
                Speaker = started.Prompt.Kind == ChatKind.Group ? started.Prompt.SenderNick ?? started.Prompt.SenderId : null,
            })),
            QueueFullNoticed = false,
        };
    }

    /// <summary>
    /// The queue without the prompt a turn starts, found from the front, where it nearly always is (the head, but for
    /// a retry or an interrupting message). In a burst a conversation's queue holds hundreds, and scanning all of them
    /// per turn (<c>RemoveAll</c>) was 2 % of the gateway's CPU. A msgId is in the queue at most once (the dedup window
    /// lets each in once).
    /// </summary>
    private ImmutableList<InboundMessage> WithoutQueued(string msgId)
    {
        var at = Queue.FindIndex(m => m.MsgId == msgId);
        return at < 0 ? Queue : Queue.RemoveAt(at);
    }

    /// <summary>
    /// The history up to (not including) the user line of <paramref name="msgId"/> and all that followed it. That line
    /// is always among the newest two, which <see cref="HistoryWindow.Keep"/> never drops.
    /// </summary>
    private ImmutableArray<HistoryEntry> WithoutTurnOf(string msgId)
    {
        var at = History.Length - 1;
        while (at >= 0 && !(History[at].Role == HistoryRole.User && History[at].MsgId == msgId)) at--;
        return at < 0 ? History : History.RemoveRange(at, History.Length - at);
    }

    /// <summary>Collects the events of one decision, applying each so later steps see its effect.</summary>
    private sealed class Decision(ConversationState state, DateTimeOffset now, SessionOptions options)
    {
        public ConversationState State { get; private set; } = state;
        public List<ISessionEvent> Events { get; } = [];
        public bool TurnWaitsForAgent { get; set; }
        public string? HooksListing { get; set; }
        public Func<string, bool>? HookWants { get; set; }

        public void Add(ISessionEvent e)
        {
            Events.Add(e);
            State = State.Apply(e);
        }

        public void Receive(InboundMessage message)
        {
            // A redelivery, or a duplicate push: already accepted, so nothing to decide.
            if (State.HasAccepted(message.MsgId)) return;
            // Refused, unacked: DingTalk redelivers it once older msgIds have aged out of the dedup window.
            if (!State.CanAccept(now)) return;

            if (message.Refusal is { } refusal)
            {
                Add(new MessageReceived(message, MessageRole.Refused, now));
                Reply(message, message.ReplyTo, refusal);
                return;
            }
            if (SlashCommandParser.Parse(message.Text) is { } command)
            {
                if (State.Held.IsEmpty && HookWants?.Invoke(HookEventNames.Command(message.Text)) != true)
                {
                    Add(new MessageReceived(message, MessageRole.Command, now));
                    Run(command, message);
                }
                else if (State.Held.Count >= options.MaxWaiting) NotTaken(message, State.Held.Count);
                // Behind a held command even when no hook wants this one: commands act in the order they came.
                else Add(new MessageReceived(message, MessageRole.Held, now));
                return;
            }
            if (State.Current is { } running)
            {
                if (options.BusyMode == BusyMode.Latest && !State.Queue.IsEmpty)
                    Add(new QueueCleared(State.Queue.Count, now));
                if (State.Queue.Count >= options.MaxWaiting)
                {
                    NotTaken(message, State.Queue.Count);
                    return;
                }
                Add(new MessageReceived(message, MessageRole.Prompt, now));
                if (options.BusyMode == BusyMode.Interrupt)
                {
                    Add(new TurnStopped(running.Number, "interrupted by a newer message", now));
                    CloseCard(running, ReplyKind.CardClose, SessionCommandReplies.CardStopped);
                }
                return;
            }
            Add(new MessageReceived(message, MessageRole.Prompt, now));
        }

        /// <summary>
        /// The queue is full: the message is accepted (so acked, and never redelivered into a queue that is still full)
        /// but not run. The first such message since the queue last moved gets one reply; the rest of a flood none.
        /// </summary>
        private void NotTaken(InboundMessage message, int waiting)
        {
            var noticed = State.QueueFullNoticed;
            Add(new MessageReceived(message, MessageRole.NotTaken, now));
            if (!noticed) Reply(message, message.ReplyTo, SessionCommandReplies.QueueFull(waiting));
        }

        /// <summary>The hooks answered the oldest held command: it acts now on today's state, unless one cancelled it.</summary>
        public void Act(InboundMessage held, string? cancelReason)
        {
            Add(new CommandVetted(held.MsgId, cancelReason, now));
            if (cancelReason is not null) Reply(held, held.ReplyTo, SessionCommandReplies.CancelledByHook(cancelReason));
            // Parsed as it was when held: the parser only changes with a new version, and then "unknown" is the answer.
            else Run(SlashCommandParser.Parse(held.Text) ?? new SessionCommand.Unknown(held.Text.Trim()), held);
        }

        /// <summary>An <c>agent:start</c> hook said no: the turn ends before the model is called, and the person is told why.</summary>
        public void CancelTurn(RunningTurn vetoed, string reason)
        {
            Add(new TurnStopped(vetoed.Number, $"cancelled by a local hook: {reason}", now));
            Reply(vetoed.Prompt, vetoed.Prompt.ReplyTo, SessionCommandReplies.CancelledByHook(reason));
        }

        /// <summary>
        /// A chunk will never be delivered: it and the rest of its reply are cut (never sent after a gap, so the reply
        /// never looks whole) and the user is told in one line that <c>/retry</c> sends them again. A notice that is lost
        /// is only recorded: the route is likely dead, and a notice about a notice would loop.
        /// </summary>
        public void GiveUp(PendingChunk chunk, string reason)
        {
            if (chunk.Kind is ReplyKind.CardClose or ReplyKind.CardFailed)
            {
                // The card stays as it was last written; markdown for a while, since cards are being refused.
                Add(new ReplyChunkAbandoned(chunk.ReplyNumber, chunk.Index, reason, now));
                PauseCards(0, reason);
                return;
            }
            if (chunk.IsCardWrite)
            {
                DegradeFinal(chunk, reason);
                return;
            }
            if (chunk.Kind == ReplyKind.GapNotice)
            {
                Add(new ReplyChunkAbandoned(chunk.ReplyNumber, chunk.Index, reason, now));
                return;
            }
            Add(new ReplyPartUndelivered(chunk.ReplyNumber, chunk.Index, reason, now));
            // The notice answers no message of its own: it follows the reply it is about, to the same place.
            Reply("", chunk.Target, SessionCommandReplies.PartNotDelivered(chunk.Title, chunk.Index, chunk.Count), ReplyKind.GapNotice);
        }

        public void Complete(SessionInput.CompleteTurn complete)
        {
            var running = State.Current!;
            var prompt = running.Prompt;
            var answer = string.IsNullOrWhiteSpace(complete.Text) ? "(the agent returned an empty answer)" : complete.Text;
            // Said under the answer, not in it: the history (what the model reads next time) keeps the answer alone.
            var text = answer
                + (complete.FilesUnfetched > 0 ? SessionCommandReplies.FilesUnfetched(complete.FilesUnfetched) : "")
                + (complete.PicturesUnseen && !State.PicturesUnseenTold ? SessionCommandReplies.PicturesUnseen : "");
            Add(new AnswerCompleted(complete.TurnNumber, answer, complete.InputTokens, complete.OutputTokens, now) { PicturesUnseen = complete.PicturesUnseen ? true : null });
            if (running.Card is { } card && complete.CardLive)
            {
                // The card gets the first chunk, finalized; whatever does not fit follows as markdown, in the same reply.
                var chunks = options.Chunker.Split(MarkdownNormaliser.Normalise(text, MarkdownTarget.Card)).Select(c => c.Text).ToArray();
                Add(new ReplyQueued(State.NextReplyNumber, prompt.MsgId, chunks, ReplyTitle.From(text), prompt.ReplyTo with { CardId = card }, now,
                    ReplyKind.CardFinal, State.Incarnation) { CardShown = complete.CardShown });
                return;
            }
            // A card refused mid-answer showed the start: markdown carries on from the first character it did not show.
            var rest = complete.CardShown > 0 ? text[Math.Min(complete.CardShown, text.Length)..] : text;
            // The model's markdown, made to render in DingTalk's messages (docs/markdown.md); the history keeps it as written.
            if (!string.IsNullOrWhiteSpace(rest)) Reply(prompt, prompt.ReplyTo, MarkdownNormaliser.Normalise(rest, MarkdownTarget.Message));
        }

        public void Fail(SessionInput.FailTurn fail)
        {
            var running = State.Current!;
            var prompt = running.Prompt;
            Add(new TurnFailed(fail.TurnNumber, fail.Error, now));
            if (running.Card is not null) CloseCard(running, ReplyKind.CardFailed, SessionCommandReplies.CardFailed(fail.Error));
            else Reply(prompt, prompt.ReplyTo, $"Sorry, the agent could not answer: {fail.Error}\nSend /retry to try again.");
        }

        /// <summary>Queues the line that closes <paramref name="running"/>'s card, if it has one.</summary>
        public void CloseCard(RunningTurn running, ReplyKind kind, string text)
        {
            if (running.Card is not { } card) return;
            Add(new ReplyQueued(State.NextReplyNumber, running.Prompt.MsgId, [text], ReplyTitle.From(running.Prompt.Text), running.Prompt.ReplyTo with { CardId = card },
                now, kind, State.Incarnation));
        }

        /// <summary>A card whose turn no longer runs: closed as stopped, so that no card is left streaming.</summary>
        public void CloseOrphan(string card) =>
            Add(new ReplyQueued(State.NextReplyNumber, "", [SessionCommandReplies.CardStopped], "Stopped",
                new ReplyTarget(State.ConversationId, ChatKind.Direct, null, null, null) { CardId = card }, now, ReplyKind.CardClose, State.Incarnation));

        /// <summary>A live write was refused: the turn answers in markdown, and the card is closed (best effort) pointing below.</summary>
        public void RefuseCard(RunningTurn running, string reason)
        {
            PauseCards(running.Number, reason);
            CloseCard(running, ReplyKind.CardClose, SessionCommandReplies.CardContinuesBelow);
        }

        /// <summary>The card's stop button: <c>/stop</c> for its conversation, said in the card itself.</summary>
        public void StopByButton(RunningTurn running)
        {
            var waiting = State.Queue.Count;
            Add(new TurnStopped(running.Number, "stop button", now));
            if (waiting > 0) Add(new QueueCleared(waiting, now));
            CloseCard(running, ReplyKind.CardClose, SessionCommandReplies.CardStopped);
        }

        private void PauseCards(int turn, string reason) => Add(new CardRefused(turn, reason, now + (options.Cards?.PauseAfterRefusal ?? CardOptions.DefaultPauseAfterRefusal), now));

        /// <summary>
        /// The card refused its final text: it shows what streamed, unfinished. The rest of the answer (the part of the
        /// card's text it never showed, then the chunks meant to follow it) goes again as one markdown reply.
        /// </summary>
        private void DegradeFinal(PendingChunk card, string reason)
        {
            var following = State.Outbox.Where(c => c.ReplyNumber == card.ReplyNumber && c.Index > card.Index).ToList();
            foreach (var chunk in following.Prepend(card)) Add(new ReplyChunkAbandoned(chunk.ReplyNumber, chunk.Index, reason, now));
            PauseCards(0, reason);
            var rest = card.Text[Math.Min(card.CardShown ?? 0, card.Text.Length)..] + string.Concat(following.Select(c => c.Text));
            if (!string.IsNullOrWhiteSpace(rest)) Reply("", card.Target with { CardId = null }, rest, ReplyKind.Reply);
        }

        public void StartNextIfIdle()
        {
            if (State.Current is null && State.Held.IsEmpty && State.Queue.FirstOrDefault() is { } next)
                Add(new TurnStarted(State.NextTurnNumber, next, false, now));
        }

        private void Run(SessionCommand command, InboundMessage message)
        {
            var target = message.ReplyTo;
            switch (command)
            {
                case SessionCommand.Help:
                    Reply(message, target, SessionCommandReplies.Help());
                    break;
                case SessionCommand.NewConversation newConversation:
                    Add(new HistoryCleared(now));
                    Reply(message, target, SessionCommandReplies.NewConversation(newConversation.Name, State.Current is not null));
                    break;
                case SessionCommand.Stop:
                    var running = State.Current;
                    var waiting = State.Queue.Count;
                    if (running is not null)
                    {
                        Add(new TurnStopped(running.Number, "/stop", now));
                        CloseCard(running, ReplyKind.CardClose, SessionCommandReplies.CardStopped);
                    }
                    if (waiting > 0) Add(new QueueCleared(waiting, now));
                    Reply(message, target, SessionCommandReplies.Stopped(running is not null, waiting));
                    break;
                case SessionCommand.Retry:
                    if (!State.Undelivered.IsEmpty)
                        // What was lost, as it was written: no new answer that would differ from the part already read.
                        Reply(message.MsgId, target, State.Undelivered.Select(c => c.Text).ToArray(), State.Undelivered[0].Title, ReplyKind.Resend);
                    else if (State.Current is not null)
                        Reply(message, target, SessionCommandReplies.RetryWhileRunning);
                    else if (State.LastPrompt is not { } last)
                        Reply(message, target, SessionCommandReplies.NothingToRetry);
                    else
                        // The answer goes where the /retry came from: that webhook is the freshest.
                        Add(new TurnStarted(State.NextTurnNumber, last with { ReplyTo = target }, true, now));
                    break;
                case SessionCommand.Status:
                    Reply(message, target, SessionCommandReplies.Status(State, now, TurnWaitsForAgent));
                    break;
                case SessionCommand.Usage:
                    Reply(message, target, SessionCommandReplies.Usage(State));
                    break;
                case SessionCommand.Hooks:
                    Reply(message, target, HooksListing ?? SessionCommandReplies.Hooks());
                    break;
                case SessionCommand.Unknown unknown:
                    Reply(message, target, SessionCommandReplies.Unknown(unknown.Name));
                    break;
            }
        }

        private void Reply(InboundMessage inReplyTo, ReplyTarget target, string text) => Reply(inReplyTo.MsgId, target, text, ReplyKind.Reply);

        private void Reply(string inReplyTo, ReplyTarget target, string text, ReplyKind kind) =>
            Reply(inReplyTo, target, options.Chunker.Split(text).Select(c => c.Text).ToArray(), ReplyTitle.From(text), kind);

        private void Reply(string inReplyTo, ReplyTarget target, IReadOnlyList<string> chunks, string title, ReplyKind kind) =>
            Add(new ReplyQueued(State.NextReplyNumber, inReplyTo, chunks, title, target, now, kind, State.Incarnation));
    }
}
