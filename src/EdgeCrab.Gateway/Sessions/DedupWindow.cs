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
public sealed record DedupWindow(ImmutableQueue<DedupWindow.Entry> Order, ImmutableHashSet<string> Ids)
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

    /// <summary>One accepted msgId and when it was accepted.</summary>
    public sealed record Entry(string MsgId, DateTimeOffset At);

    public static readonly DedupWindow Empty = new(ImmutableQueue<Entry>.Empty, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public int Count => Ids.Count;

    public bool Contains(string msgId) => Ids.Contains(msgId);

    /// <summary>Whether a new msgId accepted at <paramref name="now"/> can be remembered without forgetting one still inside its retention.</summary>
    public bool HasRoom(DateTimeOffset now) =>
        Count < MaxEntries || (Order.PeekRef().At <= now - Retention);

    /// <summary>Remembers <paramref name="msgId"/> as accepted at <paramref name="at"/>, dropping what has outlived its retention by then.</summary>
    public DedupWindow Add(string msgId, DateTimeOffset at)
    {
        if (Ids.Contains(msgId)) return this;
        var order = Order;
        var ids = Ids;
        // Entries are in acceptance order; a clock that stepped back only keeps some a little longer, never shorter.
        while (!order.IsEmpty && order.PeekRef().At <= at - Retention)
        {
            order = order.Dequeue(out var expired);
            ids = ids.Remove(expired.MsgId);
        }
        return new DedupWindow(order.Enqueue(new Entry(msgId, at)), ids.Add(msgId));
    }

    public IEnumerable<Entry> InOrder => Order;

    public static DedupWindow From(IEnumerable<Entry> entries) => entries.Aggregate(Empty, (w, e) => w.Add(e.MsgId, e.At));
}
