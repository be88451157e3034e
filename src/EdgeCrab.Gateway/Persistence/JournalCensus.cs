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
/// in it is new, and skips recovery's snapshot read and its highest-sequence-number read (a burst into thousands of
/// new conversations otherwise pays two reads per conversation before its first message is written; the second was
/// a sixth of the CPU in such a burst, issue 14). <see cref="CensusSqlWriteJournal"/> answers the second.
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
    // Claimed as new and not yet asked for by the journal: their highest sequence number is 0 without a read.
    private readonly ConcurrentDictionary<string, byte> _startingNew = new(StringComparer.Ordinal);
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

    /// <summary>
    /// A session with this id starts: true when the journal has never held it (only once the census is loaded). From
    /// now on the id is known, whatever the session writes, so only this start is new.
    /// </summary>
    public bool Claim(string persistenceId)
    {
        if (!_enabled) return false;
        var isNew = IsNew(persistenceId);
        _known.TryAdd(persistenceId, 0);
        if (isNew) _startingNew.TryAdd(persistenceId, 0);
        return isNew;
    }

    /// <summary>
    /// For the journal, as it recovers <paramref name="persistenceId"/>: true once, when the session starting with it
    /// was claimed new, so its highest sequence number is 0 and needs no read. A claimed session that never recovered
    /// leaves its id here until the next start takes it, and that one is right too: only a recovered session writes.
    /// </summary>
    public bool TakeStartingNew(string persistenceId) => _startingNew.TryRemove(persistenceId, out _);

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
