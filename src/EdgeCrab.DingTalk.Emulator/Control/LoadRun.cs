using EdgeCrab.DingTalk.Emulator.Conversations;
using EdgeCrab.DingTalk.Emulator.Stream;
using EdgeCrab.DingTalk.Robot;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>One burst of robot callbacks for the bench and the chat page's load button, and its figures.</summary>
internal sealed class LoadRun
{
    private readonly List<PendingCallback> _pushed = [];
    private readonly double[] _latencies;
    private readonly string[] _conversations;
    private readonly DateTimeOffset _startedAt;
    private readonly TimeProvider _clock;

    private readonly int? _perSecond;

    private LoadRun(int messages, string[] conversations, int? perSecond, DateTimeOffset startedAt, TimeProvider clock)
    {
        Messages = messages;
        _latencies = new double[messages];
        _perSecond = perSecond;
        _conversations = conversations;
        _startedAt = startedAt;
        _clock = clock;
    }

    public int Messages { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <param name="perSecond">Pushes spread evenly at this rate (the bench's latency run); null pushes as fast as clients take them.</param>
    public static LoadRun Start(int number, int messages, int conversations, ConversationType type, string text, InboundDesk desk, TimeProvider clock, int? perSecond = null)
    {
        var ids = Enumerable.Range(1, conversations).Select(i => $"cidLoad{number}x{i}").ToArray();
        var run = new LoadRun(messages, ids, perSecond, clock.GetUtcNow(), clock);
        run.Completion = Task.Run(() => run.PushAllAsync(type, text, desk));
        return run;
    }

    private async Task PushAllAsync(ConversationType type, string text, InboundDesk desk)
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
            lock (_pushed) _pushed.Add(callback);
        }
    }

    public object Report(CallbackLedger ledger, ConversationLog log)
    {
        // One report at a time: they share the latency buffer, made once for the whole run.
        lock (_latencies)
        {
            int pushed, acked;
            DateTimeOffset? lastAckAt;
            lock (_pushed)
            {
                pushed = _pushed.Count;
                (acked, lastAckAt) = ledger.AckLatencies(_pushed, _latencies);
            }
            var lastEvent = lastAckAt is { } ackedAt && ackedAt > _startedAt ? ackedAt : _startedAt;
            var (answered, lastAnswerAt) = log.RobotActivity(_conversations);
            if (lastAnswerAt is { } at && at > lastEvent.UtcDateTime) lastEvent = new DateTimeOffset(at, TimeSpan.Zero);
            var complete = pushed == Messages && acked == Messages && answered >= Messages;
            var end = complete ? lastEvent : _clock.GetUtcNow();
            var latencies = _latencies.AsSpan(0, acked);
            latencies.Sort();
            return new
            {
                pushed,
                acked,
                answered,
                elapsedMs = Math.Round((end - _startedAt).TotalMilliseconds, 1),
                ackP50Ms = Percentile(latencies, 0.50),
                ackP95Ms = Percentile(latencies, 0.95),
                ackP99Ms = Percentile(latencies, 0.99),
            };
        }
    }

    private static double Percentile(ReadOnlySpan<double> sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[(int)Math.Ceiling(p * sorted.Length) - 1], 2);
}
