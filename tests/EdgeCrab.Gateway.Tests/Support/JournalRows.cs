using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Persistence;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>Writes rows (and snapshots) into a journal as some other writer did (an older gateway, a session in a given state), and reads them back, from an actor system of its own.</summary>
internal static class JournalRows
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Each of <paramref name="rows"/> its own row (a <c>Tagged</c> one with its tags), in one atomic write.</summary>
    public static Task WriteAsync(SqliteJournal journal, string persistenceId, IReadOnlyList<object> rows) => WriteAsync(journal.Setup, persistenceId, rows);

    /// <summary>As above, from an actor system set up as given.</summary>
    public static Task WriteAsync(ActorSystemSetup journal, string persistenceId, IReadOnlyList<object> rows) => WriteAsync(journal, [(persistenceId, rows)]);

    /// <summary>Each writer's rows in one atomic write of its own, all at once from one actor system, so the journal batches them together.</summary>
    public static async Task WriteAsync(ActorSystemSetup journal, IReadOnlyList<(string PersistenceId, IReadOnlyList<object> Rows)> writes)
    {
        using var system = ActorSystem.Create("row-writer", journal);
        await Task.WhenAll(writes.Select(write => system.ActorOf(Props.Create(() => new RowPerEvent(write.PersistenceId))).Ask<Done>(write.Rows, Patience)));
        await system.Terminate();
    }

    /// <summary>What recovering <paramref name="persistenceId"/> replays, in order (events as stored, without their tags).</summary>
    public static async Task<IReadOnlyList<object>> ReadAsync(ActorSystemSetup journal, string persistenceId)
    {
        using var system = ActorSystem.Create("row-reader", journal);
        var rows = await system.ActorOf(Props.Create(() => new RowPerEvent(persistenceId))).Ask<IReadOnlyList<object>>(new ReadBack(), Patience);
        await system.Terminate();
        return rows;
    }

    /// <summary>A snapshot of <paramref name="persistenceId"/> at its highest sequence number, as the writer would have saved it.</summary>
    public static async Task SaveSnapshotAsync(SqliteJournal journal, string persistenceId, object snapshot)
    {
        using var system = ActorSystem.Create("snapshot-writer", journal.Setup);
        var writer = system.ActorOf(Props.Create(() => new RowPerEvent(persistenceId)));
        await writer.Ask<Done>(new Snapshot(snapshot), Patience);
        await system.Terminate();
    }

    private sealed record Done;

    private sealed record Snapshot(object State);

    private sealed record ReadBack;

    private sealed class RowPerEvent : ReceivePersistentActor
    {
        public RowPerEvent(string persistenceId)
        {
            PersistenceId = persistenceId;
            var recovered = new List<object>();
            Recover<object>(row =>
            {
                if (row is not RecoveryCompleted) recovered.Add(row);
            });
            Command<ReadBack>(_ => Sender.Tell((IReadOnlyList<object>)recovered.ToArray()));
            Command<IReadOnlyList<object>>(rows =>
            {
                // PersistAll, as the gateway wrote a decision before: one atomic write, a row per event.
                var replyTo = Sender;
                var left = rows.Count;
                PersistAll(rows, _ =>
                {
                    if (--left == 0) replyTo.Tell(new Done());
                });
            });
            IActorRef? snapshotFor = null;
            Command<Snapshot>(s =>
            {
                snapshotFor = Sender;
                SaveSnapshot(s.State);
            });
            Command<SaveSnapshotSuccess>(_ => snapshotFor?.Tell(new Done()));
            Command<SaveSnapshotFailure>(f => snapshotFor?.Tell(new Status.Failure(f.Cause)));
        }

        public override string PersistenceId { get; }
    }
}
