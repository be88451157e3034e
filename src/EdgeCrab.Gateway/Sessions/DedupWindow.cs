using System.Collections.Immutable;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// The msgIds a session has accepted, newest last, bounded. DingTalk redelivers an unacked callback after about a
/// minute; a window of thousands of messages per conversation covers that many times over.
/// </summary>
public sealed record DedupWindow(ImmutableQueue<string> Order, ImmutableHashSet<string> Ids)
{
    public const int Capacity = 4096;

    public static readonly DedupWindow Empty = new(ImmutableQueue<string>.Empty, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public bool Contains(string msgId) => Ids.Contains(msgId);

    public DedupWindow Add(string msgId)
    {
        if (Ids.Contains(msgId)) return this;
        var order = Order.Enqueue(msgId);
        var ids = Ids.Add(msgId);
        if (ids.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            ids = ids.Remove(oldest);
        }
        return new DedupWindow(order, ids);
    }

    public IEnumerable<string> InOrder => Order;

    public static DedupWindow From(IEnumerable<string> msgIds) => msgIds.Aggregate(Empty, (w, id) => w.Add(id));
}
