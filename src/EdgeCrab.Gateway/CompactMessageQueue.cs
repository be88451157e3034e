using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace EdgeCrab.Gateway;

/// <summary>
/// A double-ended message queue that holds no memory while empty: a lock around a ring buffer made on the first
/// message and dropped when the last one is taken. Akka's own deque mailbox wraps a <c>ConcurrentQueue</c>, whose first
/// segment (32 slots) and the wrapper's prepend stack stay allocated for the actor's whole life: about 1.3 KB for
/// every conversation, idle or not, most of an idle session's footprint after its state (measured in issue 14).
/// The lock is uncontended in practice: a conversation's messages come one at a time from a few senders.
/// </summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private const int FirstCapacity = 4;

    // Locking on this queue itself: it is never handed to code that could lock on it too, and a lock object would
    // cost every actor another 24 bytes.
    private Envelope[]? _buffer;
    private int _head;
    // Changed with Interlocked (a full fence) though under the lock: a sender's new count must be visible before it
    // reads whether the actor is already scheduled, or an actor going idle at that moment could miss the message.
    // Akka's ConcurrentQueue gives the same through its compare-and-swap.
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            var buffer = Room();
            buffer[(_head + _count) % buffer.Length] = envelope;
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Puts a message in front of all others: how a stash gives back what it held.</summary>
    public void EnqueueFirst(Envelope envelope)
    {
        lock (this)
        {
            var buffer = Room();
            _head = (_head - 1 + buffer.Length) % buffer.Length;
            buffer[_head] = envelope;
            Interlocked.Increment(ref _count);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            envelope = default;
            return false;
        }
        lock (this)
        {
            if (_count == 0 || _buffer is not { } buffer)
            {
                envelope = default;
                return false;
            }
            envelope = buffer[_head];
            buffer[_head] = default;
            _head = (_head + 1) % buffer.Length;
            if (Interlocked.Decrement(ref _count) == 0)
            {
                _buffer = null;
                _head = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    // A buffer with room for one more message, in order from _head.
    private Envelope[] Room()
    {
        if (_buffer is null) return _buffer = new Envelope[FirstCapacity];
        if (_count < _buffer.Length) return _buffer;
        var grown = new Envelope[_buffer.Length * 2];
        for (var i = 0; i < _count; i++) grown[i] = _buffer[(_head + i) % _buffer.Length];
        _head = 0;
        return _buffer = grown;
    }
}
