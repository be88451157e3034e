using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions.Events;
using static EdgeCrab.Gateway.Sessions.PendingWorkProtocol;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Which sessions have unfinished work. DingTalk redelivers only unacked callbacks, so a session whose message was
/// acked but whose turn or reply was cut short by a crash would sleep forever; sessions record here, before acking,
/// that they have work, and at start-up this registry wakes each of them. It is a cluster singleton (on one node as on
/// many) under a <see cref="JournalFaultSupervisor"/>: a failed write stops it, and it comes back from the journal,
/// waking every busy session again, while the acks that waited on the lost write time out and DingTalk redelivers.
/// </summary>
internal sealed class PendingWork : ReceivePersistentActor, IWithTimers
{
    public const int SnapshotEvery = 500;

    /// <summary>How long finished sessions' records wait for a write to ride on before they are written alone.</summary>
    public static readonly TimeSpan IdleRecordsWait = TimeSpan.FromSeconds(1);

    private const string IdleRecordsKey = "idle-records";

    private readonly IActorRef _sessions;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    // Sessions whose record changed since the last write began, and the sessions waiting for their busy record.
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly List<(IActorRef ReplyTo, string ConversationId)> _waiting = [];
    private bool _writing;
    // One trim of the journal at a time: two overlapping deletes of the same rows deadlock on PostgreSQL (seen in a
    // 10,000-conversation burst, "40P01: deadlock detected" on most trims). A snapshot saved meanwhile trims after.
    private bool _trimming;
    private long _trimNext;
    private bool _stopping;

    public PendingWork(IActorRef sessions, string persistenceId, bool wakeWhenMembersLeave)
    {
        _sessions = sessions;
        PersistenceId = persistenceId;
        // In a cluster, a node that dies takes its running sessions with it while this registry lives on elsewhere:
        // wake every busy session again, and sharding starts the dead node's ones on the survivors.
        if (wakeWhenMembersLeave)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(Akka.Cluster.ClusterEvent.MemberRemoved));
        Command<Akka.Cluster.ClusterEvent.MemberRemoved>(removed =>
        {
            _log.Info("Member {0} left the cluster: waking its sessions elsewhere", removed.Member.Address);
            WakeAll();
        });

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is PendingWorkSnapshot s) _busy.UnionWith(s.ConversationIds);
        });
        Recover<PendingWorkChanged>(e =>
        {
            _busy.UnionWith(e.Busy);
            _busy.ExceptWith(e.Idle);
        });
        Recover<SessionBecameBusy>(e => _busy.Add(e.ConversationId));
        Recover<SessionBecameIdle>(e => _busy.Remove(e.ConversationId));
        Recover<RecoveryCompleted>(_ =>
        {
            Context.Parent.Tell(JournalFaultSupervisor.ChildRecovered.Instance);
            WakeAll();
        });

        // _busy runs ahead of the journal (it holds what was decided, written or not). Changes wait while a write is
        // under way and then go as one row, however many sessions they concern: a group commit, so a burst into many
        // conversations costs this registry a row per journal round-trip instead of a row per session.
        Command<MarkBusy>(m =>
        {
            var id = m.ConversationId;
            if (_busy.Add(id) || _changed.Contains(id))
            {
                _changed.Add(id);
                _waiting.Add((Sender, id));
                WriteChanges();
                return;
            }
            // On record already, or in the write under way: answer once everything before this is in the journal.
            var replyTo = Sender;
            DeferAsync(id, recorded => replyTo.Tell(new BusyRecorded(recorded)));
        });
        Command<MarkIdle>(m =>
        {
            // Losing this record costs only a needless wake after a restart, so it never causes a write of its own
            // at once: it rides on the next one, or goes after a short wait when none comes. Removing now (not when
            // written) is what makes a MarkBusy right behind it record the session again.
            if (!_busy.Remove(m.ConversationId)) return;
            _changed.Add(m.ConversationId);
            WriteIdleRecordsSoon();
        });
        Command<WriteIdleRecords>(_ => WriteChanges(evenIfNobodyWaits: true));
        // A graceful stop (the singleton handed over, the node leaving) writes the idle records first: lost, they
        // would wake those sessions for nothing at the next start.
        Command<JournalFaultSupervisor.FinishAndStop>(_ =>
        {
            _stopping = true;
            WriteChanges(evenIfNobodyWaits: true);
            StopIfWritten();
        });
        Command<SaveSnapshotSuccess>(s => Trim(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of pending work failed"));
        Command<DeleteMessagesSuccess>(_ => Trimmed());
        Command<DeleteMessagesFailure>(f =>
        {
            _log.Warning(f.Cause, "Could not trim the pending-work journal");
            Trimmed();
        });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed class WriteIdleRecords
    {
        public static readonly WriteIdleRecords Instance = new();
    }

    public const string DefaultPersistenceId = "edgecrab-pending-work";

    public static Props Props(IActorRef sessions, string persistenceId = DefaultPersistenceId, bool wakeWhenMembersLeave = false) =>
        Akka.Actor.Props.Create(() => new PendingWork(sessions, persistenceId, wakeWhenMembersLeave));

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>
    /// Writes every change since the last write as one row, unless a write is under way (its completion writes them)
    /// or only idle records are left and nobody waits (the idle timer writes those).
    /// </summary>
    private void WriteChanges(bool evenIfNobodyWaits = false)
    {
        if (_writing || _changed.Count == 0 || (_waiting.Count == 0 && !evenIfNobodyWaits)) return;
        var change = new PendingWorkChanged(_changed.Where(_busy.Contains).ToArray(), _changed.Where(id => !_busy.Contains(id)).ToArray());
        var waiting = _waiting.ToArray();
        _changed.Clear();
        _waiting.Clear();
        _writing = true;
        Timers.Cancel(IdleRecordsKey);
        PersistAsync(change, _ =>
        {
            foreach (var (replyTo, id) in waiting) replyTo.Tell(new BusyRecorded(id));
            _writing = false;
            SnapshotIfDue();
            WriteChanges(evenIfNobodyWaits: _stopping);
            if (_changed.Count > 0) WriteIdleRecordsSoon();
            StopIfWritten();
        });
    }

    private void StopIfWritten()
    {
        if (_stopping && !_writing && _changed.Count == 0) Context.Stop(Self);
    }

    /// <summary>Idle records left unwritten go after <see cref="IdleRecordsWait"/>, unless a write takes them first.</summary>
    private void WriteIdleRecordsSoon()
    {
        if (!Timers.IsTimerActive(IdleRecordsKey)) Timers.StartSingleTimer(IdleRecordsKey, WriteIdleRecords.Instance, IdleRecordsWait);
    }

    private void WakeAll()
    {
        if (_busy.Count > 0) _log.Info("Waking {0} session(s) with unfinished work", _busy.Count);
        foreach (var id in _busy) _sessions.Tell(new Wake(id));
    }

    private void Trim(long toSequenceNr)
    {
        if (_trimming)
        {
            _trimNext = Math.Max(_trimNext, toSequenceNr);
            return;
        }
        _trimming = true;
        DeleteMessages(toSequenceNr);
    }

    private void Trimmed()
    {
        _trimming = false;
        if (_trimNext == 0) return;
        var next = _trimNext;
        _trimNext = 0;
        Trim(next);
    }

    private void SnapshotIfDue()
    {
        if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new PendingWorkSnapshot(_busy.ToArray()));
    }
}
