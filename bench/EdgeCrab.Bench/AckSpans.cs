using System.Diagnostics;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Bench;

/// <summary>
/// Where a callback's time inside the gateway went, from the gateway's own trace spans: <c>edgecrab.callback</c> (intake
/// to ack decision) and its child <c>edgecrab.persist</c> (the session taking the message to the journal confirming it).
/// Before the persist span is the way to the session (sharding, its mailbox, earlier writes it waits behind); after it,
/// the way back to the intake (until issue 14's ninth round, also recording the session's pending work).
/// </summary>
internal sealed class AckSpans : IDisposable
{
    private readonly ActivityListener _listener;
    // Times only, in structs without references: holding the stopped activities themselves (with their tags and events)
    // for the whole run kept ~1 KB a callback alive that a gateway drops at once, and the collector copied it (issue 14, eleventh round).
    // One array, allocated before the run: a growing queue allocated ~6 MB of large-object segments while a paced run
    // was measured (thirteenth round).
    private readonly SpanTimes[] _stopped;
    private int _count;

    /// <param name="callbacks">How many callbacks the run sends; the spans of any beyond it are not kept.</param>
    public AckSpans(int callbacks)
    {
        _stopped = new SpanTimes[2 * callbacks];
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.Source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName is not ("edgecrab.callback" or "edgecrab.persist")) return;
                var at = Interlocked.Increment(ref _count) - 1;
                if (at < _stopped.Length) _stopped[at] = SpanTimes.Of(activity);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The mean split of the callbacks around the p50 and the p99 (the 1 % of callbacks from each on).</summary>
    public string Breakdown()
    {
        var spans = _stopped.AsSpan(0, Math.Min(Volatile.Read(ref _count), _stopped.Length)).ToArray();
        var persisted = spans.Where(s => s.IsPersist).GroupBy(s => s.Trace).ToDictionary(g => g.Key, g => g.First());
        var callbacks = spans.Where(s => !s.IsPersist && persisted.ContainsKey(s.Trace)).OrderBy(s => s.Duration).ToList();
        if (callbacks.Count < 100) return "too few traced callbacks to split";
        return string.Join("; ", new[] { (Name: "p50", At: 0.50), (Name: "p99", At: 0.99) }.Select(p =>
        {
            var slice = callbacks.Skip((int)(p.At * callbacks.Count)).Take(Math.Max(1, callbacks.Count / 100)).ToList();
            double Mean(Func<SpanTimes, SpanTimes, TimeSpan> part) => slice.Average(c => part(c, persisted[c.Trace]).TotalMilliseconds);
            return $"{p.Name} {Mean((c, _) => c.Duration):0.0} ms = to session {Mean((c, s) => s.Start - c.Start):0.0} + persist {Mean((_, s) => s.Duration):0.0} "
                + $"+ back {Mean((c, s) => c.Start + c.Duration - (s.Start + s.Duration)):0.0}";
        }));
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One stopped span: its trace, whether it is the persist span, and its times.</summary>
    private readonly record struct SpanTimes(Guid Trace, bool IsPersist, DateTime Start, TimeSpan Duration)
    {
        public static SpanTimes Of(Activity activity)
        {
            Span<byte> trace = stackalloc byte[16];
            activity.TraceId.CopyTo(trace);
            return new(new Guid(trace), activity.OperationName == "edgecrab.persist", activity.StartTimeUtc, activity.Duration);
        }
    }
}
