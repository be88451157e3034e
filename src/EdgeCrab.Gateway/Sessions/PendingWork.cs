using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions.Events;
using static EdgeCrab.Gateway.Sessions.PendingWorkProtocol;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Wakes the sessions that have unfinished work: when it starts, and in a cluster when a member leaves. DingTalk
/// redelivers only unacked callbacks, so a session whose message was acked but whose turn or reply a crash cut short
/// would otherwise sleep forever. Which sessions those are, the journal says: every session row is tagged with whether
/// the session has work once it is applied (<see cref="WorkTag"/>), so the ack that follows a message's row already
/// guarantees a restart finds the work (<see cref="SessionWorkQuery"/>). It is a cluster singleton (on one node as on
/// many) under a <see cref="JournalFaultSupervisor"/>: a failed read stops it, and it comes back and reads again.
/// </summary>
/// <remarks>
/// Until issue 14's ninth round this registry kept busy and idle records in a journal of its own, written before the
/// ack of every session that took on work: a second write in the ack's path, and a share of a row per message. That
/// journal is still read, for the conversations it held busy when the gateway was upgraded (their rows carry no tag):
/// they are woken at every start until each answers, recovered, that nothing is pending, and are then written off.
/// During a rolling upgrade, sessions on nodes not yet upgraded still ask it for busy records, and get them there.
/// </remarks>
internal sealed class PendingWork : ReceivePersistentActor, IWithTimers
{
    public const string DefaultPersistenceId = "edgecrab-pending-work";

    /// <summary>How long answers from woken conversations of the old registry are gathered before they are written off in one row.</summary>
    public static readonly TimeSpan WriteOffAfter = TimeSpan.FromSeconds(1);

    private const string WriteOffKey = "write-off";

    private readonly IActorRef _sessions;
    private readonly SessionWorkQuery _query;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Conversations the old registry's journal holds busy, and those of them that answered that nothing is pending.
    private readonly HashSet<string> _oldBusy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _writingOff = new(StringComparer.Ordinal);
    private bool _reading;
    private bool _readAgain;
    private bool _writing;
    private bool _stopping;

    public PendingWork(IActorRef sessions, SessionWorkQuery query, string persistenceId, bool wakeWhenMembersLeave)
    {
        _sessions = sessions;
        _query = query;
        PersistenceId = persistenceId;
        // In a cluster, a node that dies takes its running sessions with it while this registry lives on elsewhere:
        // wake every busy session again, and sharding starts the dead node's ones on the survivors.
        if (wakeWhenMembersLeave)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(Akka.Cluster.ClusterEvent.MemberRemoved));
        Command<Akka.Cluster.ClusterEvent.MemberRemoved>(removed =>
        {
            _log.Info("Member {0} left the cluster: waking its sessions elsewhere", removed.Member.Address);
            ReadAndWake();
        });

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is PendingWorkSnapshot s) _oldBusy.UnionWith(s.ConversationIds);
        });
        Recover<PendingWorkChanged>(e =>
        {
            _oldBusy.UnionWith(e.Busy);
            _oldBusy.ExceptWith(e.Idle);
        });
        Recover<SessionBecameBusy>(e => _oldBusy.Add(e.ConversationId));
        Recover<SessionBecameIdle>(e => _oldBusy.Remove(e.ConversationId));
        Recover<RecoveryCompleted>(_ =>
        {
            Context.Parent.Tell(JournalFaultSupervisor.ChildRecovered.Instance);
            if (!_query.CanRead) _log.Info("The journal is not SQL: no session's unfinished work can be read from it");
            ReadAndWake();
        });

        Command<BusyRead>(read =>
        {
            _reading = false;
            Wake(read.ConversationIds);
            if (_readAgain) ReadAndWake();
        });
        Command<Status.Failure>(failure =>
        {
            // Stopped, the supervisor starts it again after its backoff, and it reads again: nothing is lost meanwhile.
            _log.Warning("Could not read which sessions have unfinished work ({0}); trying again shortly", failure.Cause.Message);
            Context.Stop(Self);
        });
        Command<NothingPending>(answer => WriteOffSoon(answer.ConversationId));
        Command<WriteOff>(_ => WriteOffAnswered());
        // A rolling upgrade runs nodes of the earlier version beside this one for a while: their sessions' rows carry
        // no tag, so their work is recorded here, in the old registry's journal, as that version did.
        Command<MarkBusy>(m =>
        {
            _oldBusy.Add(m.ConversationId);
            _writingOff.Remove(m.ConversationId);
            var replyTo = Sender;
            PersistAsync(new PendingWorkChanged([m.ConversationId], []), _ => replyTo.Tell(new BusyRecorded(m.ConversationId)));
        });
        Command<MarkIdle>(m => WriteOffSoon(m.ConversationId));
        // A graceful stop (the singleton handed over, the node leaving) writes off what has answered first.
        Command<JournalFaultSupervisor.FinishAndStop>(_ =>
        {
            _stopping = true;
            WriteOffAnswered();
            StopIfWritten();
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Could not trim the old pending-work journal"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Could not delete the old pending-work registry's snapshots"));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef sessions, SessionWorkQuery query, string persistenceId = DefaultPersistenceId, bool wakeWhenMembersLeave = false) =>
        Akka.Actor.Props.Create(() => new PendingWork(sessions, query, persistenceId, wakeWhenMembersLeave));

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>Reads the busy conversations from the journal (off the actor's thread), then wakes them; one read at a time.</summary>
    private void ReadAndWake()
    {
        if (_reading)
        {
            // A member left while a read ran: its last rows may have come after that read began.
            _readAgain = true;
            return;
        }
        _reading = true;
        _readAgain = false;
        var query = _query;
        // The old registry's as the read begins: one recorded while it runs belongs to a session that is running now.
        var oldBusy = _oldBusy.ToArray();
        Task.Run(async () =>
        {
            // Generous: a read that never finishes in time would be retried for ever, and nobody woken.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var busy = await query.BusyConversationsAsync(timeout.Token).ConfigureAwait(false);
            return new BusyRead(busy.Union(oldBusy, StringComparer.Ordinal).ToList());
        }).PipeTo(Self);
    }

    private void Wake(IReadOnlyCollection<string> conversationIds)
    {
        if (conversationIds.Count > 0) _log.Info("Waking {0} session(s) with unfinished work", conversationIds.Count);
        foreach (var id in conversationIds) _sessions.Tell(new Wake(id));
    }

    /// <summary>One of the old registry's conversations has nothing pending: it is written off with the others that answer within <see cref="WriteOffAfter"/>.</summary>
    private void WriteOffSoon(string conversationId)
    {
        if (!_oldBusy.Contains(conversationId) || !_writingOff.Add(conversationId)) return;
        if (!Timers.IsTimerActive(WriteOffKey)) Timers.StartSingleTimer(WriteOffKey, WriteOff.Instance, WriteOffAfter);
    }

    /// <summary>Writes off, in one row, the old registry's conversations that answered that nothing is pending; once none is left, its journal goes.</summary>
    private void WriteOffAnswered()
    {
        if (_writing || _writingOff.Count == 0) return;
        var change = new PendingWorkChanged([], _writingOff.ToArray());
        _writingOff.Clear();
        _writing = true;
        Timers.Cancel(WriteOffKey);
        Persist(change, written =>
        {
            _writing = false;
            _oldBusy.ExceptWith(written.Idle);
            if (_oldBusy.Count == 0)
            {
                _log.Info("Every conversation the old pending-work registry held is accounted for: deleting its journal");
                DeleteMessages(LastSequenceNr);
                DeleteSnapshots(SnapshotSelectionCriteria.Latest);
            }
            WriteOffAnswered();
            StopIfWritten();
        });
    }

    private void StopIfWritten()
    {
        if (_stopping && !_writing && _writingOff.Count == 0) Context.Stop(Self);
    }

    private sealed record BusyRead(IReadOnlyList<string> ConversationIds);

    private sealed class WriteOff
    {
        public static readonly WriteOff Instance = new();
    }
}
