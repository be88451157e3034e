using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Gateway.Cards;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Telemetry;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// One conversation, as a persistent actor (id <c>dingtalk-&lt;conversationId&gt;</c>). It only persists what
/// <see cref="ConversationState.Decide"/> returns, applies it, and then makes its children match the state: an
/// <see cref="AgentTurn"/> for the running turn, a <see cref="ReplyOutbox"/> for undelivered chunks. It is a cluster
/// sharding entity on one node and many alike. When a journal failure stops it, it has itself woken through the region
/// after a backoff (<see cref="SessionRestarts"/>), so its unfinished work resumes once the journal answers.
/// </summary>
internal sealed class ConversationSession : UntypedPersistentActor
{
    /// <summary>Rows after which a quiet session snapshots its state.</summary>
    public const int SnapshotEvery = 100;
    /// <summary>Rows after which a session snapshots even while busy, bounding what a recovery reads.</summary>
    public const int SnapshotAtMost = 1_000;

    private readonly SessionDependencies _deps;
    private readonly SessionPeers _peers;
    private ConversationState _state;
    // Children, traces and hook answers: only while there is work (issue 14: an idle session holds none of it).
    private ActiveWork? _work;
    private int _outboxes;
    private bool _stopping;
    // When the last message other than the idle sweep's came (TimeProvider timestamp): idle time is counted from it.
    private long _lastActive;
    // The state after every row handed to the journal, written or not: what each new row's work tag says (WorkTag).
    // The same object as _state except while a Persist's row is unwritten and the same handler decides again.
    private ConversationState _afterRows;
    // Plain messages whose events are applied but still being written (PersistAsync).
    private int _inFlight;
    // The sequence number the last snapshot (taken, or recovered from) holds the state at.
    private long _snapshotAt;
    private readonly bool _new;

    public ConversationSession(SessionDependencies deps, SessionPeers peers)
    {
        // The entity's name is the conversation id as the shard escaped it (Uri.EscapeDataString, reversible for the
        // well-formed text the codec lets in): read back here, so one Props serves every session (memory, issue 14).
        var conversationId = Uri.UnescapeDataString(Self.Path.Name);
        _deps = deps;
        _peers = peers;
        _state = ConversationState.Empty(conversationId);
        _afterRows = _state;
        PersistenceId = deps.Census.Shared(new SessionKey(conversationId).PersistenceId);
        // A conversation the journal has never held has nothing to read back: decided before the id is noted as known.
        _new = deps.Census.Claim(PersistenceId, Context.Parent);
    }

    // Handlers by a switch, not ReceivePersistentActor's Command<T>/Recover<T>: those build a list of delegates and
    // handler objects in every instance, and a node holds one session per conversation it has seen lately.
    protected override void OnRecover(object message)
    {
        // Akka's in-memory journal (Akka.Persistence.TestKit's) replays a row with its Tagged wrapper; SQL strips it.
        if (message is Tagged tagged) message = tagged.Payload;
        switch (message)
        {
            case SnapshotOffer { Snapshot: SessionSnapshot snapshot } offer:
                _state = snapshot.ToState(_deps.Clock.GetUtcNow());
                _snapshotAt = offer.Metadata.SequenceNr;
                break;
            case ISessionEvent or Decided:
                foreach (var e in Decided.In(message)) _state = _state.Apply(e);
                break;
            case RecoveryCompleted:
                OnRecovered();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        if (message is not IdleSessionSweep.PassivateIfIdle) _lastActive = _deps.Clock.GetTimestamp();
        switch (message)
        {
            case Deliver deliver:
                OnDeliver(deliver);
                break;
            case AgentTurnProtocol.Answering a:
                Work.Answering = a.TurnNumber;
                break;
            case AgentTurnProtocol.Completed completed:
                OnTurnCompleted(completed);
                break;
            case AgentTurnProtocol.Failed f:
                Decide(new SessionInput.FailTurn(f.TurnNumber, f.Error));
                break;
            case AgentTurnProtocol.Cancelled:
                break;
            case AgentTurnProtocol.CardOpened o:
                Decide(new SessionInput.OpenCard(o.TurnNumber, o.OutTrackId));
                break;
            case AgentTurnProtocol.CardRefused r:
                Log.Warning("Session {0}: DingTalk refused turn {1}'s card ({2}); the answer goes on in markdown", PersistenceId, r.TurnNumber, r.Reason);
                Decide(new SessionInput.RefuseCard(r.TurnNumber, r.Reason));
                break;
            case PressCardButton press:
                OnButton(press);
                break;
            case OutboxProtocol.ChunkDelivered d:
                // Per answer: when its last chunk is through.
                if (_deps.Hooks.AnyLoaded && PendingChunk(d.ReplyNumber, d.Index) is { } delivered && delivered.Index == delivered.Count - 1)
                    _peers.Hooks.Tell(HookEvents.ReplyDelivered(delivered, d.Via));
                Decide(new SessionInput.MarkDelivered(d.ReplyNumber, d.Index, d.Via));
                break;
            case OutboxProtocol.ChunkAbandoned a:
                if (_deps.Hooks.AnyLoaded && PendingChunk(a.ReplyNumber, a.Index) is { } abandoned) _peers.Hooks.Tell(HookEvents.ReplyFailed(abandoned, a.Reason));
                Decide(new SessionInput.AbandonChunk(a.ReplyNumber, a.Index, a.Reason));
                break;
            case OutboxProtocol.Restarted when _work?.Outbox is { } outbox && Sender.Equals(outbox):
                _work.ToldOutbox = null;
                Reconcile();
                break;
            case CommandVerdict verdict:
                OnCommandVerdict(verdict);
                break;
            case TurnVerdict verdict:
                OnTurnVerdict(verdict);
                break;
            case StopSession:
                InterruptThen(HandOff);
                break;
            case PendingWorkProtocol.Wake:
                // Recovering was the point. PendingWork also learns when there is nothing to finish: it writes off
                // what the registry of older versions still held for this conversation.
                if (_state.IsIdle && _inFlight == 0 && !Sender.IsNobody()) Sender.Tell(new PendingWorkProtocol.NothingPending(_state.ConversationId));
                break;
            case IdleSessionSweep.PassivateIfIdle:
                PassivateIfIdle();
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure f:
                Log.Warning(f.Cause, "Snapshot of {0} failed; the journal still holds everything", PersistenceId);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            case SessionSupervision.ChildStopped stopped:
                OnChildStopped(stopped.Child);
                break;
            default:
                Unhandled(message);
                break;
        }
        // A late hook verdict or agent report may have been the last thing the work waited for.
        DropWorkAtRest();
    }

    public override string PersistenceId { get; }

    /// <summary>A new conversation skips the snapshot read (the journal still answers its highest sequence number: 0).</summary>
    public override Recovery Recovery => _new ? Recovery.None : base.Recovery;

    protected override SupervisorStrategy SupervisorStrategy() => SessionSupervision.Instance;

    protected override void PreStart()
    {
        GatewayTelemetry.LiveSessions.Add(1, GatewayTelemetry.NodeOf(Context.System));
        base.PreStart();
    }

    protected override void PostStop()
    {
        GatewayTelemetry.LiveSessions.Add(-1, GatewayTelemetry.NodeOf(Context.System));
        base.PostStop();
    }

    /// <summary>The node's one <see cref="Akka.Actor.Props"/> for its sessions: each learns its conversation from the name the shard gives it.</summary>
    /// <param name="sessions">The shard region, through which a session handed off with work left wakes its next home.</param>
    /// <param name="hooks">The node's <see cref="HookRunner"/>; null runs no hooks.</param>
    public static Props Props(SessionDependencies deps, IActorRef sessions, IActorRef? hooks = null)
    {
        var peers = new SessionPeers(sessions, hooks ?? ActorRefs.Nobody);
        return PlainProps.Of(() => new ConversationSession(deps, peers));
    }

    private void OnRecovered()
    {
        _deps.Restarts.Recovered(_state.ConversationId);
        if (_state.Current is { } interrupted)
            Log.Info("Session {0} recovered with turn {1} unfinished: running it again", PersistenceId, interrupted.Number);
        if (!_state.Outbox.IsEmpty)
            Log.Info("Session {0} recovered with {1} undelivered reply chunk(s): sending them", PersistenceId, _state.Outbox.Count);
        _lastActive = _deps.Clock.GetTimestamp();
        _afterRows = _state;
        Reconcile();
        // Messages put back in the queue by a shutdown have no new input to start them: start them now.
        Decide(new SessionInput.Resume());
    }

    private void OnDeliver(Deliver deliver)
    {
        var message = deliver.Message;
        if (_state.HasAccepted(message.MsgId))
        {
            // A redelivery: already accepted (in the journal, or on its way there), so ack again once it is written,
            // but never run it twice.
            Log.Debug("Session {0}: {1} already accepted", PersistenceId, message.MsgId);
            var sender = Sender;
            AfterEarlierWrites(() => sender.Tell(new Accepted(message.MsgId)));
            return;
        }
        if (!_state.CanAccept(_deps.Clock.GetUtcNow()))
        {
            // Every msgId in the dedup window is still one DingTalk may redeliver: take nothing, ack nothing.
            Log.Warning("Session {0}: {1} msgIds accepted in the last {2}; message {3} stays unacked and will be redelivered",
                PersistenceId, _state.Accepted.Count, DedupWindow.Retention, message.MsgId);
            return;
        }
        var replyTo = Sender;
        if (deliver.TraceParent is { } trace) (Work.MessageTraces ??= [])[message.MsgId] = trace;
        // The journal's first message is the conversation's first: once, however often the session restarts.
        var hooked = _deps.Hooks.AnyLoaded;
        if (hooked && LastSequenceNr == 0 && _state.History.IsEmpty && _state.Queue.IsEmpty) _peers.Hooks.Tell(HookEvents.SessionStart(message));
        var persisting = TraceParent.StartDetached("edgecrab.persist", deliver.TraceParent);
        persisting?.SetTag("edgecrab.conversation.id", message.ConversationId);
        var input = new SessionInput.Receive(message)
        {
            TurnWaitsForAgent = TurnWaitsForAgent,
            HooksListing = _deps.Hooks.Listing,
            HookWants = hooked ? _deps.Hooks.Wants : null,
        };
        Decide(input, () =>
        {
            persisting?.Dispose();
            if (hooked) _peers.Hooks.Tell(HookEvents.MessageReceived(message));
            // Its row says whether work is left (WorkTag): once it is written, a restart finds that work.
            replyTo.Tell(new Accepted(message.MsgId));
        }, cause: message);
    }

    /// <summary>The agent answered: its reply's chunks (numbered from the state's next reply number) go out under the turn's span.</summary>
    private void OnTurnCompleted(AgentTurnProtocol.Completed completed)
    {
        var firstReply = _state.NextReplyNumber;
        if (_deps.Hooks.AnyLoaded && _state.Current is { } turn && turn.Number == completed.TurnNumber)
            _peers.Hooks.Tell(HookEvents.AgentEnd(turn.Prompt, turn.Number, completed.Text.Length, completed.InputTokens, completed.OutputTokens));
        var input = new SessionInput.CompleteTurn(completed.TurnNumber, completed.Text, completed.InputTokens, completed.OutputTokens)
        {
            CardShown = completed.CardShown,
            CardLive = completed.CardLive,
            PicturesUnseen = completed.PicturesUnseen,
            FilesUnfetched = completed.FilesUnfetched,
        };
        Decide(input, () =>
        {
            if (completed.TraceParent is not { } trace) return;
            var traces = Work.ReplyTraces ??= [];
            for (var reply = firstReply; reply < _state.NextReplyNumber; reply++) traces[reply] = trace;
        });
    }

    /// <summary>Whether the running turn still waits for one of the node's agent slots (what /status says).</summary>
    private bool TurnWaitsForAgent => _work?.Turn is { } turn && _work.Answering != turn.Number;

    /// <summary>A card's button: only <c>stop</c> is ours; the press is answered once what it did is written.</summary>
    private void OnButton(PressCardButton press)
    {
        var sender = Sender;
        if (press.ActionId != "stop")
        {
            Log.Info("Session {0}: ignoring button '{1}' on card {2}", PersistenceId, press.ActionId, press.OutTrackId);
            sender.Tell(new ButtonTaken(press.OutTrackId));
            return;
        }
        switch (_state.JudgeStopPress(press.OutTrackId, press.UserId, _deps.Clock.GetUtcNow(), _deps.Options))
        {
            case StopPress.NotRunning:
                Log.Info("Session {0}: stop pressed on card {1}, whose answer is no longer running", PersistenceId, press.OutTrackId);
                break;
            case StopPress.NotAllowed:
                Log.Warning("Session {0}: {1} pressed stop on card {2}, but only the person who asked or an admin may", PersistenceId, press.UserId, press.OutTrackId);
                break;
        }
        Decide(new SessionInput.PressStop(press.OutTrackId, press.UserId), () => sender.Tell(new ButtonTaken(press.OutTrackId)));
    }

    /// <summary>The hooks answered the oldest held command: it acts (or is cancelled) now, on the state as it is.</summary>
    private void OnCommandVerdict(CommandVerdict verdict)
    {
        if (_work?.CommandVetting == verdict.MsgId) _work.CommandVetting = null;
        if (_state.Held.FirstOrDefault() is not { } held || held.MsgId != verdict.MsgId) return;
        var input = new SessionInput.Vetted(verdict.MsgId, verdict.CancelReason)
        {
            TurnWaitsForAgent = TurnWaitsForAgent,
            HooksListing = _deps.Hooks.Listing,
        };
        Decide(input, cause: held);
    }

    /// <summary>The <c>agent:start</c> hooks answered: the turn's agent starts, or the turn ends cancelled.</summary>
    private void OnTurnVerdict(TurnVerdict verdict)
    {
        if (_work?.TurnVetting == verdict.TurnNumber) _work.TurnVetting = null;
        // Stopped meanwhile (or already started): nothing waits for this answer any more.
        if (_state.Current?.Number != verdict.TurnNumber || _work?.Turn is not null) return;
        if (verdict.CancelReason is { } reason)
        {
            Decide(new SessionInput.CancelTurn(verdict.TurnNumber, reason));
            return;
        }
        Work.TurnCleared = verdict.TurnNumber;
        Reconcile();
    }

    /// <summary>
    /// Asks the hooks that want a cancellable event, each up to its timeout; the answer comes back as
    /// <paramref name="verdict"/>(cancel reason, or null to go on). With no such hook it goes on at once.
    /// </summary>
    private void AskHooks(HookEvent hookEvent, Func<string?, object> verdict)
    {
        var wanting = _deps.Hooks.Wanting(hookEvent.Event);
        if (wanting.Count == 0 || _peers.Hooks.IsNobody())
        {
            Self.Tell(verdict(null));
            return;
        }
        var log = Log;
        _peers.Hooks.Ask<HookRunnerProtocol.Verdict>(new HookRunnerProtocol.Vet(hookEvent), HookRunnerProtocol.Budget(wanting))
            .PipeTo(Self, success: v => verdict(v.CancelReason), failure: e =>
            {
                log.Warning("Session {0}: the hooks on {1} did not answer in time ({2}); carrying on", PersistenceId, hookEvent.Event, e.GetType().Name);
                return verdict(null);
            });
    }

    // Akka stops a persistent actor after either failure (its in-memory state may be ahead of the journal): the journal
    // probe says once that the journal is down; each session only notes it and has itself started again later.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        RestartLater($"writing {@event.GetType().Name} failed: {cause.Message}");

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        RestartLater($"recovery failed: {reason.Message}");

    private void RestartLater(string why)
    {
        if (_deps.Restarts.NextDelay(_state.ConversationId) is not { } delay)
        {
            Log.Debug("Session {0} stops ({1}); a wake-up is already scheduled", PersistenceId, why);
            return;
        }
        Log.Info("Session {0} stops ({1}); it starts again from the journal in {2:0.0} s", PersistenceId, why, delay.TotalSeconds);
        Context.System.Scheduler.ScheduleTellOnce(delay, _peers.Sessions, new PendingWorkProtocol.Wake(_state.ConversationId), ActorRefs.NoSender);
    }

    /// <summary>
    /// The shard is moving (a node joined or is leaving) or the node stops: nothing here will finish the work, so after
    /// the interruption is written, a wake-up goes through the region. The region holds messages for a shard in
    /// hand-off and delivers them where it lands, so the session starts there and carries on without new input. When
    /// the whole node stops, the wake-up is lost with it, and PendingWork wakes the session at the next start instead.
    /// </summary>
    private void HandOff()
    {
        // A shard moving to another node: wake the session there at once. Not while this node stops: the wake would
        // wait in the stopping region for a home that never comes, holding the shutdown for the region's whole
        // timeout (10 s); PendingWork wakes it instead, when this member is removed or at the next start.
        if (!_state.IsIdle && CoordinatedShutdown.Get(Context.System).ShutdownReason is null)
            _peers.Sessions.Tell(new PendingWorkProtocol.Wake(_state.ConversationId));
        Context.Stop(Self);
    }

    /// <summary>Shutdown or handoff: no new turn starts; a running one is persisted as interrupted, then <paramref name="then"/>.</summary>
    private void InterruptThen(Action then)
    {
        _stopping = true;
        Decide(new SessionInput.InterruptTurn(), then);
    }

    /// <summary>Persists what the state decides, applies it, then runs <paramref name="afterPersisted"/> and reconciles.</summary>
    /// <param name="cause">The person's message behind the decision, if any: whom the hook events it raises are about.</param>
    private void Decide(SessionInput input, Action? afterPersisted = null, InboundMessage? cause = null)
    {
        var before = _state;
        var events = _state.Decide(input, _deps.Clock.GetUtcNow(), _deps.Options, out var after);
        if (_deps.Hooks.AnyLoaded && HookEventsOf(events, _state.Current, cause) is { Count: > 0 } raised)
            afterPersisted = afterPersisted + (() => raised.ForEach(e => _peers.Hooks.Tell(e)));
        if (events.Count == 0)
        {
            if (afterPersisted is not null) AfterEarlierWrites(afterPersisted);
            return;
        }
        // The row's tag is the state the journal holds once it is written: the decided one, unless this handler
        // already decided a row that is still unwritten (then this one is applied after it).
        var afterRow = ReferenceEquals(_afterRows, before) ? after : events.Aggregate(_afterRows, (state, e) => state.Apply(e));
        _afterRows = afterRow;
        var row = WorkTag.Row(Decided.AsOneRow(events), hasWork: !afterRow.IsIdle);
        if (input is SessionInput.Receive && events.All(e => e is MessageReceived or TurnStarted))
        {
            PersistMessage(row, after, afterRow, afterPersisted);
            return;
        }
        Persist(row, _ =>
        {
            // Later commands wait while a Persist is pending, so the state is usually still the one decided on. A
            // second decision made in the same handler was decided on that same state, and finds the first one's
            // applied here: its events are then applied to the newer state, as they always were.
            if (ReferenceEquals(_state, before)) _state = after;
            else foreach (var e in events) _state = _state.Apply(e);
            // The last row handed over is written: the state is the journal's again (one object, not two equal ones).
            if (ReferenceEquals(_afterRows, afterRow)) _afterRows = _state;
            Written(afterPersisted, afterRow);
        });
    }

    /// <summary>
    /// A plain message (queued, or starting a turn): applied at once so the next message decides on it, and written
    /// with PersistAsync so that a burst into one conversation shares journal batches instead of waiting a write
    /// round-trip per message. Its ack and its turn still wait for the write. Anything that queues a reply goes
    /// through Persist, which holds later commands until it is written: so a reply is never sent unwritten, and the
    /// state Reconcile sees here differs from the journal only by messages queued behind this one.
    /// </summary>
    private void PersistMessage(Tagged row, ConversationState after, ConversationState afterRow, Action? afterPersisted)
    {
        _state = after;
        _inFlight++;
        PersistAsync(row, _ =>
        {
            _inFlight--;
            Written(afterPersisted, afterRow);
        });
    }

    /// <summary>The fire-and-forget hook events a decision raises once it is written: a reset, a stopped turn.</summary>
    private static List<HookEvent> HookEventsOf(IReadOnlyList<ISessionEvent> events, RunningTurn? running, InboundMessage? cause)
    {
        var raised = new List<HookEvent>();
        foreach (var e in events)
        {
            if (e is HistoryCleared && cause is not null) raised.Add(HookEvents.SessionReset(cause));
            else if (e is TurnStopped stopped && running?.Number == stopped.TurnNumber) raised.Add(HookEvents.AgentStop(running.Prompt, running.Number, stopped.Reason));
        }
        return raised;
    }

    /// <summary>A decision's row is in the journal: ack (or whatever waited), snapshot if due, reconcile.</summary>
    /// <param name="journaled">The state the journal holds now that this row is written (later rows may be in flight).</param>
    private void Written(Action? afterPersisted, ConversationState journaled)
    {
        afterPersisted?.Invoke();
        SnapshotIfDue(journaled);
        Reconcile();
    }

    /// <summary>Runs <paramref name="action"/> once every message already applied is in the journal.</summary>
    private void AfterEarlierWrites(Action action)
    {
        if (_inFlight == 0) action();
        else DeferAsync(action, a => a());
    }

    /// <summary>
    /// A snapshot of the state the journal holds as of the row just written (<paramref name="journaled"/>, at that row's
    /// sequence number), once <see cref="SnapshotEvery"/> rows are past the last, and while the conversation is busy
    /// only once <see cref="SnapshotAtMost"/> are. Messages still being written do not hold it back: under a steady
    /// flood into one conversation some always are, and waiting for none left the bound unkept for the whole flood.
    /// </summary>
    /// <remarks>
    /// A busy session's state carries its queue, its outbox and the turn's prompt: in a burst, ~50 KB rewritten every
    /// hundred rows, each write taking SQLite's one write lock from the sessions' journal batches (the ack p99 at half
    /// load was 2-3 times higher with them: bench/README.md, issue 14, fourth round). Quiet, the same state is a few KB.
    /// </remarks>
    private void SnapshotIfDue(ConversationState journaled)
    {
        var rows = LastSequenceNr - _snapshotAt;
        if (rows < SnapshotEvery || (!journaled.IsIdle && rows < SnapshotAtMost)) return;
        _snapshotAt = LastSequenceNr;
        SaveSnapshot(SessionSnapshot.From(journaled));
    }

    /// <summary>Makes the children match the state: the running turn's agent, and an outbox for what is undelivered.</summary>
    private void Reconcile()
    {
        if (_work?.Turn is { } turn && turn.Number != _state.Current?.Number)
        {
            // Stopping the child cancels the token the agent runs under.
            Context.Stop(turn.Actor);
            _work.Turn = null;
        }
        // The oldest held command is vetted once it is in the journal (so message:received comes first), one at a time.
        if (_state.Held.FirstOrDefault() is { } held && _work?.CommandVetting != held.MsgId && _inFlight == 0 && !_stopping)
        {
            Work.CommandVetting = held.MsgId;
            AskHooks(HookEvents.Command(held), reason => new CommandVerdict(held.MsgId, reason));
        }
        if (_state.Current is { } current && _work?.Turn is null && !_stopping)
        {
            if (_work?.TurnCleared != current.Number && _deps.Hooks.AnyLoaded && _deps.Hooks.Wants(HookEventNames.AgentStart))
            {
                // agent:start may cancel: the model is not called until its hooks have answered.
                if (_work?.TurnVetting != current.Number)
                {
                    Work.TurnVetting = current.Number;
                    AskHooks(HookEvents.AgentStart(current.Prompt, current.Number), reason => new TurnVerdict(current.Number, reason));
                }
            }
            else StartTurn(current);
        }
        // Traces of messages that will start no turn (commands, refusals) go when nothing waits any more.
        if (_work is { } work)
        {
            if (_state.IsIdle) work.MessageTraces = null;
            if (_state.Outbox.IsEmpty) work.ReplyTraces = null;
            if (_state.Outbox.IsEmpty && work.Outbox is { } stale)
            {
                // Everything it sent is written as delivered or abandoned: an idle session keeps no outbox (memory),
                // nor the list it was last told, which holds the delivered chunks (~170 B and the text, issue 14).
                Context.Stop(stale);
                work.Outbox = null;
                work.ToldOutbox = null;
            }
        }
        if (!_state.Outbox.IsEmpty)
        {
            var sending = Work;
            if (sending.Outbox is null)
            {
                // A fresh name each time: the stopped one keeps its name until it has terminated.
                sending.Outbox = Context.ActorOf(ReplyOutbox.Props(_deps.ReplySender, _deps.Clock, _deps.Options.DeliveryAllowance), $"outbox-{++_outboxes}");
                sending.ToldOutbox = null;
            }
            if (!ReferenceEquals(sending.ToldOutbox, _state.Outbox))
            {
                sending.ToldOutbox = _state.Outbox;
                sending.Outbox.Tell(new OutboxProtocol.Pending(_state.Outbox) { Traces = sending.ReplyTraces is null ? ImmutableDictionary<int, string>.Empty : new Dictionary<int, string>(sending.ReplyTraces) });
            }
        }
        DropWorkAtRest();
    }

    /// <summary>The session's work in progress, made on first use.</summary>
    private ActiveWork Work => _work ??= new ActiveWork();

    private void DropWorkAtRest()
    {
        if (_work?.IsAtRest(_state.Current?.Number) == true) _work = null;
    }

    private void StartTurn(RunningTurn current)
    {
        var history = _deps.HistoryWindow.Select(_state.History);
        string? trace = null;
        _work?.MessageTraces?.Remove(current.Prompt.MsgId, out trace);
        var card = _deps.Cards is { } writer && _deps.Options.Cards is { } cards && _state.CardFor(current, _deps.Clock.GetUtcNow(), _deps.Options) is { } id
            ? new TurnCard(new CardPlan(id, current.Prompt), writer, cards.UpdateInterval, _deps.Options.Chunker)
            : null;
        var files = _deps.Files is { } source && current.Prompt.Attachments is { Count: > 0 } attachments ? new TurnFiles(attachments, source, _deps.Sight) : null;
        var child = Context.ActorOf(AgentTurn.Props(current.Number, history, _deps.Agent, _deps.AgentSlots, _deps.TurnTimeout, trace, card, _deps.Persona.Text, files),
            $"turn-{current.Number}");
        Work.Turn = (current.Number, child);
    }

    private PendingChunk? PendingChunk(int replyNumber, int index) => _state.Outbox.Find(c => c.ReplyNumber == replyNumber && c.Index == index);

    private void OnChildStopped(IActorRef child)
    {
        if (_work?.Turn is { } turn && turn.Actor.Equals(child))
        {
            // The agent's actor died without reporting (it should not): fail the turn rather than hang the session.
            _work.Turn = null;
            Decide(new SessionInput.FailTurn(turn.Number, "the agent stopped unexpectedly."));
        }
        else if (_work?.Outbox is { } outbox && child.Equals(outbox))
        {
            _work.Outbox = null;
            Reconcile();
        }
    }

    private void PassivateIfIdle()
    {
        if (!_state.IsIdle || _deps.Clock.GetElapsedTime(_lastActive) < _deps.PassivateAfter) return;
        Log.Debug("Session {0} idle for {1}: passivating", PersistenceId, _deps.PassivateAfter);
        // The shard stops us when it is safe, and holds what arrives meanwhile.
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private sealed record CommandVerdict(string MsgId, string? CancelReason);

    private sealed record TurnVerdict(int TurnNumber, string? CancelReason);
}
