using Akka.Actor;
using Akka.Actor.Setup;
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
        var batch = writes.Select((rows, at) => ($"writer-{at}", rows)).ToArray();
        await JournalRows.WriteAsync(_ours.Setup, batch);
        await JournalRows.WriteAsync(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(_linq2db.Config)), batch);

        var rows = Rows(_ours);
        Assert.Equal(154, rows.Count);
        Assert.Equal(Rows(_linq2db), rows);
        Assert.Contains("persistence_id='writer-0' (text);sequence_nr=1 (integer)", rows[0]);
        Assert.Contains("tags=';busy;' (text)", rows[0]);

        for (var at = 0; at < writes.Length; at++)
            Assert.Equal(writes[at].Select(row => row is Tagged tagged ? tagged.Payload : row), await JournalRows.ReadAsync(_ours.Setup, $"writer-{at}"));
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
}
