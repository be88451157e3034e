using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Every persistence id the journal holds, for a node that is its journal's only writer: a session whose id is not
/// in it is new, and skips recovery's snapshot read (a burst into thousands of new conversations otherwise pays one
/// read per conversation on the snapshot store's single actor before its first message is written).
/// </summary>
/// <remarks>
/// Only a single node may use it: in a cluster another node writes ids this one never hears of, and a session moved
/// here would start from nothing. The census is loaded once, at start, from the journal (through Akka.Persistence.
/// Query); until then every session recovers in full. Every session notes its id as it starts, so an id started
/// before the load finished, or created since, is known from then on; a session that failed to write and starts again
/// therefore recovers in full. Sessions never delete their events (only old snapshots), so the journal's ids are all
/// the ids there are.
/// </remarks>
public sealed class JournalCensus
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private readonly bool _enabled;
    private volatile bool _loaded;

    private JournalCensus(bool enabled) => _enabled = enabled;

    /// <summary>For a node that shares its journal with others: every session recovers in full.</summary>
    public static JournalCensus Off { get; } = new(enabled: false);

    /// <summary>For a node that is its journal's only writer; call <see cref="LoadAsync"/> once its actor system runs.</summary>
    public static JournalCensus ForOnlyWriter() => new(enabled: true);

    public bool IsLoaded => _loaded;

    /// <summary>Whether <paramref name="persistenceId"/> has never been written: only once the census is loaded.</summary>
    public bool IsNew(string persistenceId) => _loaded && !_known.ContainsKey(persistenceId);

    /// <summary>A session with this id starts: from now on it is known, whatever it writes.</summary>
    public void Note(string persistenceId)
    {
        if (_enabled) _known.TryAdd(persistenceId, 0);
    }

    /// <summary>Reads the journal's persistence ids; on failure the census stays unloaded (and every session recovers in full).</summary>
    public async Task LoadAsync(ActorSystem system)
    {
        if (!_enabled || _loaded) return;
        var log = Logging.GetLogger(system, nameof(JournalCensus));
        try
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            await journal.CurrentPersistenceIds().RunForeach(id => _known.TryAdd(id, 0), system.Materializer()).ConfigureAwait(false);
            _loaded = true;
            log.Info("The journal holds {0} persistence id(s): new conversations start without reading it", _known.Count);
        }
        catch (Exception e)
        {
            log.Warning(e, "Could not list the journal's persistence ids: every session reads the journal as it starts");
        }
    }
}
