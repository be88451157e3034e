using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Reads sessions' history back from the journal through Akka.Persistence.Query (the journal is the history).</summary>
public sealed class SessionJournalReader(ActorSystem system)
{
    private readonly SqlReadJournal _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
    private readonly IMaterializer _materializer = system.Materializer();

    public async Task<IReadOnlyList<string>> ConversationIdsAsync()
    {
        var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _materializer).ConfigureAwait(false);
        return ids.Select(SessionKey.FromPersistenceId).OfType<SessionKey>().Select(k => k.ConversationId).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<ISessionEvent>> EventsAsync(string conversationId)
    {
        var events = await _journal.CurrentEventsByPersistenceId(new SessionKey(conversationId).PersistenceId, 0, long.MaxValue)
            .Select(e => e.Event)
            .RunWith(Sink.Seq<object>(), _materializer).ConfigureAwait(false);
        return events.SelectMany(Decided.In).ToArray();
    }
}
