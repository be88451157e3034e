using Akka.Configuration;
using Akka.Persistence.Sql.Journal;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal, except that a conversation the node's <see cref="JournalCensus"/> claimed as new
/// gets its highest sequence number (0) without a query. Akka asks for it on every recovery, even with
/// <c>Recovery.None</c>; in a burst into new conversations that read (a connection, a transaction and a query each)
/// cost more CPU than writing the messages. Without a census (a tool, a test), it is the plain journal.
/// </summary>
public sealed class CensusSqlWriteJournal : SqlWriteJournal
{
    private readonly JournalCensus _census;

    public CensusSqlWriteJournal(Config journalConfig) : base(journalConfig) =>
        _census = Context.System.Settings.Setup.Get<JournalCensusSetup>().Select(setup => setup.Census).GetOrElse(JournalCensus.Off);

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _census.TakeStartingNew(persistenceId) ? Task.FromResult(0L) : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
}
