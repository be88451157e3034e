using System.Collections.Concurrent;
using EdgeCrab.Gateway.Persistence;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// When a session stopped by its journal is started again. Akka stops a persistent actor whose write or recovery
/// failed; the session then schedules a wake-up of itself through the shard region after this delay, which grows per
/// conversation while its journal keeps failing and starts over once it has recovered. Shared by a node's sessions;
/// it holds an entry only for a conversation whose journal has failed it since it last recovered.
/// </summary>
/// <remarks>
/// A supervising parent per session (<see cref="JournalFaultSupervisor"/>) would also hold the messages sent meanwhile,
/// but costs an actor, ~2.7 KB, per live session (bench/README.md). Without it, a message that reaches a session whose
/// recovery then fails is simply not acked, and DingTalk's redelivery brings it back.
/// </remarks>
public sealed class SessionRestarts(JournalBackoff backoff)
{
    private readonly ConcurrentDictionary<string, (int Failures, long WakeAtMs)> _failures = new(StringComparer.Ordinal);

    public JournalBackoff Backoff => backoff;

    /// <summary>
    /// Counts one more failure of this conversation's journal and says how long to wait before waking it, or null when
    /// a wake-up is already on its way: an incarnation started meanwhile by a message, failing too, must not add one
    /// (a wake-up per failure would multiply while the journal stays down).
    /// </summary>
    public TimeSpan? NextDelay(string conversationId)
    {
        var now = Environment.TickCount64;
        TimeSpan? delay = null;
        // AddOrUpdate may run these more than once when two incarnations fail at once: each run decides afresh, so
        // only the run whose result is stored speaks for the call.
        _failures.AddOrUpdate(conversationId,
            _ => Schedule(0),
            (_, entry) => entry.WakeAtMs > now ? Pending(entry) : Schedule(entry.Failures));
        return delay;

        (int, long) Schedule(int failures)
        {
            delay = backoff.Delay(failures);
            return (failures + 1, now + (long)delay.Value.TotalMilliseconds);
        }

        (int, long) Pending((int, long) entry)
        {
            delay = null;
            return entry;
        }
    }

    /// <summary>The session recovered: its next failure, if any, waits the shortest delay again.</summary>
    public void Recovered(string conversationId) => _failures.TryRemove(conversationId, out _);
}
