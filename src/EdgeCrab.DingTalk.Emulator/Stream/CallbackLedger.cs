namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>Every robot callback pushed, by msgId and by messageId, and which of them are due for a (re)delivery.</summary>
internal sealed class CallbackLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PendingCallback> _byMsgId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingCallback> _byMessageId = new(StringComparer.Ordinal);
    private readonly List<PendingCallback> _open = [];

    public void Add(PendingCallback callback)
    {
        lock (_gate)
        {
            _byMsgId[callback.MsgId] = callback;
            _byMessageId[callback.MessageId] = callback;
            _open.Add(callback);
        }
    }

    public PendingCallback? Find(string msgId)
    {
        lock (_gate) return _byMsgId.GetValueOrDefault(msgId);
    }

    /// <summary>Read under the ledger's lock, so the pair is consistent.</summary>
    public (int Deliveries, bool Acked, bool Refused)? Status(string msgId)
    {
        lock (_gate) return _byMsgId.TryGetValue(msgId, out var c) ? (c.Deliveries, c.Acked, c.Refused) : null;
    }

    /// <summary>
    /// Tells <paramref name="observer"/> of the callback's ack: at once if it came already (a fast client can ack
    /// before the writer that pushed it gets here), else when it comes. So a load run counts its acks as they arrive,
    /// instead of reading every callback it pushed under this lock each time it is asked (a report polled every 10 ms
    /// over 60,000 callbacks held up the acks it was measuring).
    /// </summary>
    public void Observe(PendingCallback callback, IAckObserver observer)
    {
        lock (_gate)
        {
            callback.AckObserver = observer;
            if (callback.Acked) observer.Acked(callback);
        }
    }

    /// <summary>Claims one callback for sending if it is due now.</summary>
    public bool TryClaim(PendingCallback callback, DateTimeOffset now, TimeSpan redeliverAfter, int maxDeliveries)
    {
        lock (_gate)
        {
            if (!IsDue(callback, now, redeliverAfter, maxDeliveries)) return false;
            callback.Sending = true;
            return true;
        }
    }

    /// <summary>Whether nothing more will be sent for the callback: acked, refused, dropped or out of attempts.</summary>
    public bool IsSettled(PendingCallback callback, int maxDeliveries)
    {
        lock (_gate) return callback.Acked || callback.Refused || callback.Dropped || callback.Deliveries >= maxDeliveries;
    }

    /// <summary>Claims every callback due now: never pushed (held), or pushed, unacked and older than the redelivery delay.</summary>
    public List<PendingCallback> ClaimDue(DateTimeOffset now, TimeSpan redeliverAfter, int maxDeliveries)
    {
        lock (_gate)
        {
            _open.RemoveAll(c => c.Acked || c.Refused || c.Dropped || c.Deliveries >= maxDeliveries);
            var due = new List<PendingCallback>();
            foreach (var c in _open)
            {
                // HTTP-mode callbacks are retried by their own sender, never pushed over a socket.
                if (c.OverHttp || !IsDue(c, now, redeliverAfter, maxDeliveries)) continue;
                c.Sending = true;
                due.Add(c);
            }
            return due;
        }
    }

    /// <summary>Renames a callback's messageId before a redelivery, keeping the old one valid for late acks.</summary>
    public void Rename(PendingCallback callback, string messageId)
    {
        lock (_gate)
        {
            callback.MessageId = messageId;
            _byMessageId[messageId] = callback;
        }
    }

    public void Delivered(PendingCallback callback, DateTimeOffset now, int pushes)
    {
        lock (_gate)
        {
            callback.Deliveries += pushes;
            callback.FirstSentAt ??= now;
            callback.LastSentAt = now;
            callback.Sending = false;
        }
    }

    /// <summary>
    /// An HTTP delivery answered: counted, and on a 2xx acked, in one step, so that nobody reading the ledger sees it
    /// delivered but not yet acked (a hostile-input spec read exactly that, as a refusal).
    /// </summary>
    public void Answered(PendingCallback callback, DateTimeOffset now, bool accepted)
    {
        lock (_gate)
        {
            Delivered(callback, now, 1);
            if (accepted) Ack(callback.MessageId, 200, now);
        }
    }

    public void Release(PendingCallback callback, bool drop = false)
    {
        lock (_gate)
        {
            callback.Sending = false;
            callback.Dropped |= drop;
        }
    }

    /// <summary>Applies a client's ack: 200 settles it, 4xx refuses it for good, 5xx leaves it for redelivery.</summary>
    public PendingCallback? Ack(string messageId, int code, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_byMessageId.TryGetValue(messageId, out var callback)) return null;
            if (code == 200 && !callback.Acked)
            {
                callback.Acked = true;
                callback.AckedAt = now;
                callback.AckObserver?.Acked(callback);
            }
            else if (code is >= 400 and < 500)
            {
                callback.Refused = true;
            }
            return callback;
        }
    }

    private static bool IsDue(PendingCallback c, DateTimeOffset now, TimeSpan redeliverAfter, int maxDeliveries) =>
        !c.Sending && !c.Acked && !c.Refused && !c.Dropped && c.Deliveries < maxDeliveries
        && (c.LastSentAt is not { } last || now - last >= redeliverAfter);
}
