using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Every persistence id the journal holds: a session whose id is not in it is new, and skips recovery's snapshot read
/// and its highest-sequence-number read (a burst into thousands of new conversations otherwise pays two reads per
/// conversation before its first message is written; the second was a sixth of the CPU in such a burst, issue 14).
/// <see cref="CensusSqlWriteJournal"/> answers the second.
/// </summary>
/// <remarks>
/// Loaded from the journal (through Akka.Persistence.Query); until then every session recovers in full. Every session
/// notes its id as it starts, so an id started before a load finished, or created since, is known from then on; a
/// session that failed to write and starts again therefore recovers in full. Sessions never delete their events
/// (only old snapshots), so the journal's ids are all the ids there are.
/// <para>
/// A node that is its journal's only writer trusts one load for good. Nodes sharing a journal (a cluster) write ids
/// the others never hear of, but each conversation lives in one shard, and only the node holding a shard writes its
/// ids: a node trusts the census for a shard once a load has started after the shard came to it, and not before. A
/// shard that moves away and back is a new shard actor, trusted again only after the next load. Should a session
/// still start as new wrongly (say, a node that was downed but still writing), its first write collides with the
/// journal's unique (persistence id, sequence number) and fails, and the session starts again and recovers in full.
/// </para>
/// </remarks>
public sealed class JournalCensus
{
    // After a failed load, shards wait this long for the next (their sessions recover in full meanwhile).
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    // A set under a lock, not a concurrent dictionary: ~20 B an id instead of ~55 (a node object each), and a gateway
    // holds every id its journal has ever had (memory, bench/README.md, issue 14, seventh round).
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    // Claimed as new and not yet asked for by the journal: their highest sequence number is 0 without a read.
    private readonly ConcurrentDictionary<string, byte> _startingNew = new(StringComparer.Ordinal);
    // Shared journal: each shard actor this node has held, with the number of loads started before it came.
    private readonly ConcurrentDictionary<IActorRef, long> _shardArrivedAfterLoad = new();
    private readonly Mode _mode;
    private readonly object _loading = new();
    private Func<CancellationToken, Task<IReadOnlyCollection<string>>>? _listIds;
    private ILoggingAdapter? _log;
    private long _newStarts;
    private long _loadsStarted;
    private long _lastLoadDone;
    private bool _loadRunning;
    private bool _loadAgain;
    private DateTime _noLoadBefore;
    private volatile bool _loaded;

    private enum Mode { Off, OnlyWriter, SharedJournal }

    private JournalCensus(Mode mode) => _mode = mode;

    /// <summary>No census: every session recovers in full.</summary>
    public static JournalCensus Off { get; } = new(Mode.Off);

    /// <summary>For a node that is its journal's only writer; call <see cref="LoadAsync"/> once its actor system runs.</summary>
    public static JournalCensus ForOnlyWriter() => new(Mode.OnlyWriter);

    /// <summary>For a node of a cluster sharing one journal: trusted per shard (see remarks); call <see cref="LoadAsync"/> as for one node.</summary>
    public static JournalCensus ForSharedJournal() => new(Mode.SharedJournal);

    public bool IsLoaded => _loaded;

    /// <summary>How many sessions started as new (without recovery's reads) since the node started.</summary>
    public long NewStarts => Interlocked.Read(ref _newStarts);

    /// <summary>How many times the journal's ids were listed (once for a lone node; per shard arrivals in a cluster).</summary>
    public long Loads => Interlocked.Read(ref _loadsStarted);

    /// <summary>Whether <paramref name="persistenceId"/> has never been written, as far as the census knows: only once it is loaded.</summary>
    public bool IsNew(string persistenceId)
    {
        if (!_loaded) return false;
        lock (_known) return !_known.Contains(persistenceId);
    }

    /// <summary>
    /// The census's own copy of <paramref name="persistenceId"/> when it knows the id, else the id given: a session
    /// holds the same string the census does instead of a second one (~60 B of every session recovered after a restart).
    /// </summary>
    public string Shared(string persistenceId)
    {
        if (_mode == Mode.Off) return persistenceId;
        lock (_known) return _known.TryGetValue(persistenceId, out var known) ? known : persistenceId;
    }

    /// <summary>
    /// A session with this id starts in <paramref name="shard"/> (its parent): true when the journal has never held
    /// it. From now on the id is known, whatever the session writes, so only this start is new.
    /// </summary>
    public bool Claim(string persistenceId, IActorRef shard)
    {
        if (_mode == Mode.Off) return false;
        var isNew = IsNew(persistenceId) && Trusts(shard);
        lock (_known) _known.Add(persistenceId);
        if (!isNew) return false;
        _startingNew.TryAdd(persistenceId, 0);
        Interlocked.Increment(ref _newStarts);
        return true;
    }

    /// <summary>
    /// For the journal, as it recovers <paramref name="persistenceId"/>: true once, when the session starting with it
    /// was claimed new, so its highest sequence number is 0 and needs no read. A claimed session that never recovered
    /// leaves its id here until the next start takes it, and that one is right too: only a recovered session writes.
    /// </summary>
    public bool TakeStartingNew(string persistenceId) => _startingNew.TryRemove(persistenceId, out _);

    /// <summary>The first load, as the node starts; on failure the census stays unloaded (and every session recovers in full).</summary>
    public Task LoadAsync(ActorSystem system)
    {
        if (_mode == Mode.Off) return Task.CompletedTask;
        _log = Logging.GetLogger(system, nameof(JournalCensus));
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        return LoadAsync(async ct =>
        {
            var ids = new List<string>();
            await journal.CurrentPersistenceIds().RunForeach(ids.Add, materializer).WaitAsync(ct).ConfigureAwait(false);
            return ids;
        });
    }

    /// <summary>The first load, from any source of the journal's ids (a spec's).</summary>
    internal async Task LoadAsync(Func<CancellationToken, Task<IReadOnlyCollection<string>>> listIds)
    {
        if (_mode == Mode.Off) return;
        _listIds = listIds;
        lock (_loading)
        {
            if (_loadRunning) return;
            _loadRunning = true;
        }
        await LoadWhileAskedAsync().ConfigureAwait(false);
    }

    private bool Trusts(IActorRef shard)
    {
        if (_mode == Mode.OnlyWriter) return true;
        var loadsBefore = _shardArrivedAfterLoad.GetOrAdd(shard, _ => Interlocked.Read(ref _loadsStarted));
        if (Interlocked.Read(ref _lastLoadDone) > loadsBefore) return true;
        // A load begun since the shard came will do; ask only when none is running or the running one began before.
        if (!Volatile.Read(ref _loadRunning) || Interlocked.Read(ref _loadsStarted) <= loadsBefore) AskForLoad();
        return false;
    }

    // One load at a time; asks that come while one runs are answered by one more after it.
    private void AskForLoad()
    {
        lock (_loading)
        {
            if (_listIds is null || DateTime.UtcNow < _noLoadBefore) return;
            if (_loadRunning)
            {
                _loadAgain = true;
                return;
            }
            _loadRunning = true;
        }
        _ = LoadWhileAskedAsync();
    }

    private async Task LoadWhileAskedAsync()
    {
        while (true)
        {
            await LoadOnceAsync().ConfigureAwait(false);
            lock (_loading)
            {
                if (!_loadAgain || DateTime.UtcNow < _noLoadBefore)
                {
                    _loadRunning = _loadAgain = false;
                    return;
                }
                _loadAgain = false;
            }
        }
    }

    private async Task LoadOnceAsync()
    {
        var number = Interlocked.Increment(ref _loadsStarted);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var ids = await _listIds!(timeout.Token).ConfigureAwait(false);
            int known;
            lock (_known)
            {
                _known.UnionWith(ids);
                known = _known.Count;
            }
            // Loads finish in the order they start: one runs at a time.
            Interlocked.Exchange(ref _lastLoadDone, number);
            if (!_loaded) _log?.Info("The journal holds {0} persistence id(s): new conversations start without reading it", known);
            _loaded = true;
        }
        catch (Exception e)
        {
            lock (_loading) _noLoadBefore = DateTime.UtcNow + RetryAfterFailure;
            _log?.Warning(e, "Could not list the journal's persistence ids: sessions read the journal as they start");
        }
    }
}
