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
internal sealed class PendingWork : ReceivePersistentActor
{
    public const int SnapshotEvery = 500;

    private readonly IActorRef _sessions;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    // One trim of the journal at a time: two overlapping deletes of the same rows deadlock on PostgreSQL (seen in a
    // 10,000-conversation burst, "40P01: deadlock detected" on most trims). A snapshot saved meanwhile trims after.
    private bool _trimming;
    private long _trimNext;

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
        Recover<SessionBecameBusy>(e => _busy.Add(e.ConversationId));
        Recover<SessionBecameIdle>(e => _busy.Remove(e.ConversationId));
        Recover<RecoveryCompleted>(_ =>
        {
            Context.Parent.Tell(JournalFaultSupervisor.ChildRecovered.Instance);
            WakeAll();
        });

        // _busy runs ahead of the journal (it holds what was decided, written or not), and every answer waits for the
        // writes before it: PersistAsync lets many conversations' records share one journal batch instead of taking
        // a write round-trip each, one after the other.
        Command<MarkBusy>(m =>
        {
            var replyTo = Sender;
            if (_busy.Add(m.ConversationId))
            {
                PersistAsync(new SessionBecameBusy(m.ConversationId), e =>
                {
                    replyTo.Tell(new BusyRecorded(e.ConversationId));
                    SnapshotIfDue();
                });
                return;
            }
            // On record already, or being written: answer once everything before this is in the journal.
            DeferAsync(m.ConversationId, id => replyTo.Tell(new BusyRecorded(id)));
        });
        Command<MarkIdle>(m =>
        {
            // Losing this write costs only a needless wake after a restart, so it need not hold anything up. Removing
            // now (not when written) is what makes a MarkBusy right behind it write a fresh record.
            if (!_busy.Remove(m.ConversationId)) return;
            PersistAsync(new SessionBecameIdle(m.ConversationId), _ => SnapshotIfDue());
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

    public const string DefaultPersistenceId = "edgecrab-pending-work";

    public static Props Props(IActorRef sessions, string persistenceId = DefaultPersistenceId, bool wakeWhenMembersLeave = false) =>
        Akka.Actor.Props.Create(() => new PendingWork(sessions, persistenceId, wakeWhenMembersLeave));

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
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
