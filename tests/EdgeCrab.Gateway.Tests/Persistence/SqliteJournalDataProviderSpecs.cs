using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Persistence;

/// <summary>
/// The gateway's own writer of journal batches (<see cref="Gateway.Persistence.SqliteJournalDataProvider"/>) writes
/// exactly the rows linq2db's multi-row INSERT writes, value for value and type for type, and they read back.
/// </summary>
public sealed class SqliteJournalDataProviderSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteJournal _ours = new();
    private readonly SqliteJournal _linq2db = new();

    [Fact]
    public async Task A_batch_should_be_stored_as_linq2db_stores_it_and_recover_in_order()
    {
        // Rows of several writers in one batch: tagged and untagged, of different manifests, in one atomic write each.
        IReadOnlyList<object>[] writes =
        [
            [new Tagged(new SessionBecameBusy("cid-1"), ["busy"]), new SessionBecameIdle("cid-1"), new Tagged(new SessionBecameBusy("cid-2"), ["idle"])],
            [new SessionBecameBusy("cid-3")],
            Enumerable.Range(0, 150).Select(n => (object)new Tagged(new SessionBecameBusy($"cid-{n}"), ["busy"])).ToArray(),
        ];
        using (var system = ActorSystem.Create("ours", _ours.Setup)) await WriteAsync(system, writes);
        using (var system = ActorSystem.Create("linq2db", _linq2db.Config)) await WriteAsync(system, writes);

        var rows = Rows(_ours);
        Assert.Equal(154, rows.Count);
        Assert.Equal(Rows(_linq2db), rows);
        Assert.Contains("persistence_id='writer-0' (text);sequence_nr=1 (integer)", rows[0]);
        Assert.Contains("tags=';busy;' (text)", rows[0]);

        using var again = ActorSystem.Create("again", _ours.Setup);
        for (var at = 0; at < writes.Length; at++)
        {
            var recovered = await again.ActorOf(Props.Create(() => new Writer($"writer-{at}"))).Ask<IReadOnlyList<object>>(Writer.Recovered, Patience);
            Assert.Equal(writes[at].Select(row => row is Tagged tagged ? tagged.Payload : row), recovered);
        }
    }

    private static async Task WriteAsync(ActorSystem system, IReadOnlyList<object>[] writes)
    {
        // All at once, so the journal batches them together.
        await Task.WhenAll(writes.Select((rows, at) => system.ActorOf(Props.Create(() => new Writer($"writer-{at}"))).Ask<Done>(rows, Patience)));
    }

    // Every column with the type SQLite stored its value as, and the value itself but for the row's place in the table
    // and its time of writing (the writers' order within a batch is not fixed); by writer, in sequence.
    private static List<string> Rows(SqliteJournal journal)
    {
        var columns = journal.Query("SELECT name FROM pragma_table_info('event_journal')").Select(row => (string)row[0]).ToArray();
        Assert.Superset(new HashSet<string> { "ordering", "timestamp", "persistence_id", "sequence_nr", "payload", "tags" }, columns.ToHashSet());
        var shown = columns.Select(column => column is "ordering" or "timestamp" ? "''" : $"quote({column})");
        return journal.Query($"SELECT {string.Join(", ", columns.Select((column, at) => $"'{column}=' || {shown.ElementAt(at)} || ' (' || typeof({column}) || ')'"))} "
            + "FROM event_journal ORDER BY persistence_id, sequence_nr").Select(row => string.Join(";", row)).ToList();
    }

    public void Dispose()
    {
        _ours.Dispose();
        _linq2db.Dispose();
    }

    private sealed record Done;

    private sealed class Writer : ReceivePersistentActor
    {
        public const string Recovered = "recovered";
        private readonly List<object> _recovered = [];

        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<object>(row =>
            {
                if (row is not RecoveryCompleted) _recovered.Add(row);
            });
            Command<IReadOnlyList<object>>(rows =>
            {
                var replyTo = Sender;
                var left = rows.Count;
                PersistAll(rows, _ =>
                {
                    if (--left == 0) replyTo.Tell(new Done());
                });
            });
            Command<string>(_ => Sender.Tell((IReadOnlyList<object>)_recovered.ToArray()));
        }

        public override string PersistenceId { get; }
    }
}
