using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>One burst of robot callbacks for the bench and the chat page's load button, and its figures.</summary>
internal sealed class LoadRun : IAckObserver
{
    /// <summary>How stale a running report's percentiles may be: sorting every latency for every poll cost the machine the bench was measuring.</summary>
    private static readonly TimeSpan PercentilesEvery = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly double[] _latencies;
    private readonly double[] _sorted;
    private readonly string[] _conversations;
    private readonly DateTimeOffset _startedAt;
    private readonly TimeProvider _clock;
    private readonly int? _perSecond;
    private int _pushed;
    private int _acked;
    private DateTimeOffset? _lastAckAt;
    private (int Acked, DateTimeOffset At, double P50, double P95, double P99) _percentiles;

    private LoadRun(int messages, string[] conversations, int? perSecond, DateTimeOffset startedAt, TimeProvider clock)
    {
        Messages = messages;
        // Both made once for the run: arrays this size made per report would land on the large object heap each time.
        _latencies = new double[messages];
        _sorted = new double[messages];
        _perSecond = perSecond;
        _conversations = conversations;
        _startedAt = startedAt;
        _clock = clock;
    }

    public int Messages { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <param name="perSecond">Pushes spread evenly at this rate (the bench's latency run); null pushes as fast as clients take them.</param>
    public static LoadRun Start(int number, int messages, int conversations, ConversationType type, string text, InboundDesk desk, CallbackLedger ledger,
        TimeProvider clock, int? perSecond = null)
    {
        var ids = Enumerable.Range(1, conversations).Select(i => $"cidLoad{number}x{i}").ToArray();
        var run = new LoadRun(messages, ids, perSecond, clock.GetUtcNow(), clock);
        run.Completion = Task.Run(() => run.PushAllAsync(type, text, desk, ledger));
        return run;
    }

    private async Task PushAllAsync(ConversationType type, string text, InboundDesk desk, CallbackLedger ledger)
    {
        for (var n = 0; n < Messages; n++)
        {
            if (_perSecond is { } rate)
            {
                var wait = _startedAt + TimeSpan.FromSeconds((double)n / rate) - _clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock).ConfigureAwait(false);
            }
            var i = n % _conversations.Length;
            var request = new InboundRequest(type, _conversations[i], "Load group", $"load{i + 1:D4}", $"Load user {i + 1}",
                $"{text} #{n + 1}", AtRobot: true, RobotMsgTypes.Text, SessionWebhook: null);
            // Sequential on purpose: each push waits for the socket, so the burst goes as fast as clients take it.
            var callback = await desk.WriteAsync(request).ConfigureAwait(false);
            ledger.Observe(callback, this);
            Interlocked.Increment(ref _pushed);
        }
    }

    /// <summary>Called by the ledger, under its lock, once per callback of this run.</summary>
    public void Acked(PendingCallback callback)
    {
        if (callback.FirstSentAt is not { } sentAt || callback.AckedAt is not { } ackedAt) return;
        lock (_gate)
        {
            if (_acked == _latencies.Length) return;
            _latencies[_acked++] = (ackedAt - sentAt).TotalMilliseconds;
            if (_lastAckAt is null || ackedAt > _lastAckAt) _lastAckAt = ackedAt;
        }
    }

    public object Report(ConversationLog log)
    {
        var pushed = Volatile.Read(ref _pushed);
        int acked;
        DateTimeOffset? lastAckAt;
        lock (_gate) (acked, lastAckAt) = (_acked, _lastAckAt);
        var lastEvent = lastAckAt is { } ackedAt && ackedAt > _startedAt ? ackedAt : _startedAt;
        var (answered, lastAnswerAt) = log.RobotActivity(_conversations);
        if (lastAnswerAt is { } at && at > lastEvent.UtcDateTime) lastEvent = new DateTimeOffset(at, TimeSpan.Zero);
        var complete = pushed == Messages && acked == Messages && answered >= Messages;
        var end = complete ? lastEvent : _clock.GetUtcNow();
        var (p50, p95, p99) = Percentiles(acked);
        return new
        {
            pushed,
            acked,
            answered,
            elapsedMs = Math.Round((end - _startedAt).TotalMilliseconds, 1),
            ackP50Ms = p50,
            ackP95Ms = p95,
            ackP99Ms = p99,
        };
    }

    // Exact once every push is acked; while acks still come, at most PercentilesEvery old.
    private (double P50, double P95, double P99) Percentiles(int acked)
    {
        // One report sorts at a time: they share the sorted buffer.
        lock (_sorted)
        {
            var now = _clock.GetUtcNow();
            var last = _percentiles;
            if (acked == last.Acked || (acked < Messages && last.Acked > 0 && now - last.At < PercentilesEvery)) return (last.P50, last.P95, last.P99);
            // Acks only ever append, so the first `acked` latencies are settled and can be copied outside the gate.
            _latencies.AsSpan(0, acked).CopyTo(_sorted);
            var sorted = _sorted.AsSpan(0, acked);
            sorted.Sort();
            _percentiles = (acked, now, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99));
            return (_percentiles.P50, _percentiles.P95, _percentiles.P99);
        }
    }

    private static double Percentile(ReadOnlySpan<double> sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[(int)Math.Ceiling(p * sorted.Length) - 1], 2);
}
