using System.Collections.Immutable;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// The msgIds a session has accepted, each with the time it was accepted (its <c>MessageReceived.At</c>, so replaying
/// the journal rebuilds exactly the same window), oldest first. A msgId is remembered for at least
/// <see cref="Retention"/>; older ones are dropped lazily, when a newer one is added.
/// <para>
/// Bounded in memory by <see cref="MaxEntries"/>, but never by forgetting: when it holds that many msgIds all still
/// inside their retention, <see cref="HasRoom"/> is false and the session refuses new messages (they stay unacked,
/// so DingTalk redelivers them later, when the oldest have aged out). Forgetting a msgId DingTalk may still
/// redeliver would answer that message twice; refusing only delays it.
/// </para>
/// </summary>
/// <remarks>
/// Two shapes behind one immutable value. Most conversations hold a handful of msgIds: then one array, searched in
/// order (~90 B for one msgId, against ~300 B as a queue and a hash set, in every idle session: bench/README.md,
/// issue 14, seventh round). A conversation that takes more than <see cref="FewEntries"/> within the retention moves
/// to a queue for the order and a hash set for lookups, and back once expiry has brought it to half that.
/// </remarks>
public sealed class DedupWindow
{
    /// <summary>
    /// DingTalk redelivers an unacked callback after about 60 s and a few times more (protocol doc); ten minutes
    /// covers that ten times over, and a clock skew between the nodes a session moves across.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    /// <summary>
    /// 20,000 msgIds, a sustained 33 messages a second into one conversation for the whole <see cref="Retention"/>
    /// (a burst of thousands in a second fits many times): at most a few MB for the rare conversation that fills it,
    /// and as much in its snapshot.
    /// </summary>
    public const int MaxEntries = 20_000;

    /// <summary>The most msgIds kept as one array, each lookup a scan of it.</summary>
    public const int FewEntries = 16;

    /// <summary>One accepted msgId and when it was accepted.</summary>
    public readonly record struct Entry(string MsgId, DateTimeOffset At);

    public static readonly DedupWindow Empty = new([]);

    // Either the few entries, oldest first, or the order and the set of many.
    private readonly Entry[]? _few;
    private readonly ImmutableQueue<Entry>? _order;
    private readonly ImmutableHashSet<string>? _ids;

    private DedupWindow(Entry[] few) => _few = few;

    private DedupWindow(ImmutableQueue<Entry> order, ImmutableHashSet<string> ids)
    {
        _order = order;
        _ids = ids;
    }

    public int Count => _few?.Length ?? _ids!.Count;

    public bool Contains(string msgId)
    {
        if (_few is null) return _ids!.Contains(msgId);
        foreach (var entry in _few)
            if (string.Equals(entry.MsgId, msgId, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Whether a new msgId accepted at <paramref name="now"/> can be remembered without forgetting one still inside its retention.</summary>
    public bool HasRoom(DateTimeOffset now) => Count < MaxEntries || Oldest.At <= now - Retention;

    /// <summary>Remembers <paramref name="msgId"/> as accepted at <paramref name="at"/>, dropping what has outlived its retention by then.</summary>
    public DedupWindow Add(string msgId, DateTimeOffset at)
    {
        if (Contains(msgId)) return this;
        // Entries are in acceptance order; a clock that stepped back only keeps some a little longer, never shorter.
        var expiredBy = at - Retention;
        if (_few is { } few)
        {
            var expired = 0;
            while (expired < few.Length && few[expired].At <= expiredBy) expired++;
            if (few.Length - expired < FewEntries)
            {
                var kept = new Entry[few.Length - expired + 1];
                Array.Copy(few, expired, kept, 0, few.Length - expired);
                kept[^1] = new Entry(msgId, at);
                return new DedupWindow(kept);
            }
            return Many(few.Skip(expired).Append(new Entry(msgId, at)));
        }
        var order = _order!;
        var ids = _ids!;
        while (!order.IsEmpty && order.PeekRef().At <= expiredBy)
        {
            order = order.Dequeue(out var gone);
            ids = ids.Remove(gone.MsgId);
        }
        order = order.Enqueue(new Entry(msgId, at));
        return ids.Count + 1 <= FewEntries / 2 ? new DedupWindow(order.ToArray()) : new DedupWindow(order, ids.Add(msgId));
    }

    public IEnumerable<Entry> InOrder => _few is { } few ? Array.AsReadOnly(few) : _order!;

    public static DedupWindow From(IEnumerable<Entry> entries) => entries.Aggregate(Empty, (w, e) => w.Add(e.MsgId, e.At));

    private Entry Oldest => _few is { } few ? few[0] : _order!.PeekRef();

    private static DedupWindow Many(IEnumerable<Entry> entries)
    {
        var order = ImmutableQueue.CreateRange(entries);
        return new DedupWindow(order, order.Select(e => e.MsgId).ToImmutableHashSet(StringComparer.Ordinal));
    }
}
