using System.Collections.Immutable;
using EdgeCrab.Gateway.Commands;
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
    public ImmutableList<HistoryEntry> History { get; init; } = [];
    public ImmutableList<InboundMessage> Queue { get; init; } = [];
    public RunningTurn? Current { get; init; }
    public InboundMessage? LastPrompt { get; init; }
    public ImmutableList<PendingChunk> Outbox { get; init; } = [];
    public int NextTurnNumber { get; init; } = 1;
    public int NextReplyNumber { get; init; } = 1;
    public UsageCounters Total { get; init; } = UsageCounters.Zero;
    public UsageCounters SinceNew { get; init; } = UsageCounters.Zero;
    public DateTimeOffset? LastNewAt { get; init; }

    public static ConversationState Empty(string conversationId) => new() { ConversationId = conversationId };

    public bool IsIdle => Current is null && Queue.IsEmpty && Outbox.IsEmpty;

    public bool HasAccepted(string msgId) => Accepted.Contains(msgId);

    public IReadOnlyList<ISessionEvent> Decide(SessionInput input, DateTimeOffset now, SessionOptions options)
    {
        var decision = new Decision(this, now, options);
        switch (input)
        {
            case SessionInput.Receive receive:
                decision.TurnWaitsForAgent = receive.TurnWaitsForAgent;
                decision.Receive(receive.Message);
                break;
            case SessionInput.CompleteTurn complete when Current?.Number == complete.TurnNumber:
                decision.Complete(complete);
                break;
            case SessionInput.FailTurn fail when Current?.Number == fail.TurnNumber:
                decision.Fail(fail);
                break;
            case SessionInput.InterruptTurn when Current is { } running:
                decision.Add(new TurnInterrupted(running.Number, now));
                return decision.Events; // Nothing starts while the gateway is stopping.
            case SessionInput.MarkDelivered delivered when HasPending(delivered.ReplyNumber, delivered.Index):
                decision.Add(new ReplyChunkDelivered(delivered.ReplyNumber, delivered.Index, delivered.Via, now));
                break;
            case SessionInput.AbandonChunk abandon when HasPending(abandon.ReplyNumber, abandon.Index):
                decision.Add(new ReplyChunkAbandoned(abandon.ReplyNumber, abandon.Index, abandon.Reason, now));
                break;
        }
        decision.StartNextIfIdle();
        return decision.Events;
    }

    private bool HasPending(int replyNumber, int index) => Outbox.Exists(c => c.ReplyNumber == replyNumber && c.Index == index);

    public ConversationState Apply(ISessionEvent e) => e switch
    {
        MessageReceived received => ApplyReceived(received),
        TurnStarted started => ApplyStarted(started),
        AnswerCompleted answered => this with
        {
            Current = null,
            History = History.Add(new HistoryEntry(HistoryRole.Assistant, answered.Text, null)),
            Total = Total.AddTurn(answered.InputTokens, answered.OutputTokens),
            SinceNew = SinceNew.AddTurn(answered.InputTokens, answered.OutputTokens),
        },
        TurnStopped or TurnFailed => this with { Current = null },
        TurnInterrupted when Current is { } running => this with
        {
            Current = null,
            Queue = Queue.Insert(0, running.Prompt),
            History = WithoutTurnOf(running.Prompt.MsgId),
        },
        TurnInterrupted => this,
        QueueCleared => this with { Queue = [] },
        HistoryCleared cleared => this with { History = [], SinceNew = UsageCounters.Zero, LastNewAt = cleared.At },
        ReplyQueued queued => this with
        {
            NextReplyNumber = Math.Max(NextReplyNumber, queued.ReplyNumber + 1),
            Outbox = Outbox.AddRange(queued.Chunks.Select((text, i) =>
                new PendingChunk(queued.ReplyNumber, i, queued.Chunks.Count, text, queued.Title, queued.Target))),
        },
        ReplyChunkDelivered delivered => this with { Outbox = Outbox.RemoveAll(c => c.ReplyNumber == delivered.ReplyNumber && c.Index == delivered.Index) },
        ReplyChunkAbandoned abandoned => this with { Outbox = Outbox.RemoveAll(c => c.ReplyNumber == abandoned.ReplyNumber && c.Index == abandoned.Index) },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown session event"),
    };

    private ConversationState ApplyReceived(MessageReceived received)
    {
        var state = this with
        {
            Accepted = Accepted.Add(received.Message.MsgId),
            Total = Total.AddMessage(),
            SinceNew = SinceNew.AddMessage(),
        };
        return received.Role == MessageRole.Prompt ? state with { Queue = state.Queue.Add(received.Message) } : state;
    }

    private ConversationState ApplyStarted(TurnStarted started)
    {
        var history = started.IsRetry ? WithoutTurnOf(started.Prompt.MsgId) : History;
        return this with
        {
            Current = new RunningTurn(started.TurnNumber, started.Prompt, started.At),
            NextTurnNumber = Math.Max(NextTurnNumber, started.TurnNumber + 1),
            Queue = Queue.RemoveAll(m => m.MsgId == started.Prompt.MsgId),
            LastPrompt = started.Prompt,
            History = history.Add(new HistoryEntry(HistoryRole.User, started.Prompt.Text, started.Prompt.MsgId)),
        };
    }

    /// <summary>The history up to (not including) the user line of <paramref name="msgId"/> and all that followed it.</summary>
    private ImmutableList<HistoryEntry> WithoutTurnOf(string msgId)
    {
        var at = History.FindLastIndex(h => h.Role == HistoryRole.User && h.MsgId == msgId);
        return at < 0 ? History : History.RemoveRange(at, History.Count - at);
    }

    /// <summary>Collects the events of one decision, applying each so later steps see its effect.</summary>
    private sealed class Decision(ConversationState state, DateTimeOffset now, SessionOptions options)
    {
        public ConversationState State { get; private set; } = state;
        public List<ISessionEvent> Events { get; } = [];
        public bool TurnWaitsForAgent { get; set; }

        public void Add(ISessionEvent e)
        {
            Events.Add(e);
            State = State.Apply(e);
        }

        public void Receive(InboundMessage message)
        {
            // A redelivery, or a duplicate push: already accepted, so nothing to decide.
            if (State.HasAccepted(message.MsgId)) return;

            if (message.Refusal is { } refusal)
            {
                Add(new MessageReceived(message, MessageRole.Refused, now));
                Reply(message, message.ReplyTo, refusal);
                return;
            }
            if (SlashCommandParser.Parse(message.Text) is { } command)
            {
                Add(new MessageReceived(message, MessageRole.Command, now));
                Run(command, message);
                return;
            }
            if (State.Current is { } running)
            {
                if (options.BusyMode == BusyMode.Latest && !State.Queue.IsEmpty)
                    Add(new QueueCleared(State.Queue.Count, now));
                Add(new MessageReceived(message, MessageRole.Prompt, now));
                if (options.BusyMode == BusyMode.Interrupt)
                    Add(new TurnStopped(running.Number, "interrupted by a newer message", now));
                return;
            }
            Add(new MessageReceived(message, MessageRole.Prompt, now));
        }

        public void Complete(SessionInput.CompleteTurn complete)
        {
            var prompt = State.Current!.Prompt;
            var text = string.IsNullOrWhiteSpace(complete.Text) ? "(the agent returned an empty answer)" : complete.Text;
            Add(new AnswerCompleted(complete.TurnNumber, text, complete.InputTokens, complete.OutputTokens, now));
            Reply(prompt, prompt.ReplyTo, text);
        }

        public void Fail(SessionInput.FailTurn fail)
        {
            var prompt = State.Current!.Prompt;
            Add(new TurnFailed(fail.TurnNumber, fail.Error, now));
            Reply(prompt, prompt.ReplyTo, $"Sorry, the agent could not answer: {fail.Error}\nSend /retry to try again.");
        }

        public void StartNextIfIdle()
        {
            if (State.Current is null && State.Queue.FirstOrDefault() is { } next)
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
                    if (running is not null) Add(new TurnStopped(running.Number, "/stop", now));
                    if (waiting > 0) Add(new QueueCleared(waiting, now));
                    Reply(message, target, SessionCommandReplies.Stopped(running is not null, waiting));
                    break;
                case SessionCommand.Retry:
                    if (State.Current is not null)
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
                    Reply(message, target, SessionCommandReplies.Hooks(options.HooksDirectory));
                    break;
                case SessionCommand.Unknown unknown:
                    Reply(message, target, SessionCommandReplies.Unknown(unknown.Name));
                    break;
            }
        }

        private void Reply(InboundMessage inReplyTo, ReplyTarget target, string text)
        {
            var chunks = options.Chunker.Split(text).Select(c => c.Text).ToArray();
            Add(new ReplyQueued(State.NextReplyNumber, inReplyTo.MsgId, chunks, ReplyTitle.From(text), target, now));
        }
    }
}
