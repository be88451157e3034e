using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Sends a session's reply chunks one at a time, in order, retrying passing failures with backoff. It only ever
/// sends what the session has persisted as queued, and tells the session each outcome so it can be persisted.
/// A chunk is given up when DingTalk refuses it for good, or when it still fails once its reply has been queued
/// longer than the allowance (persisted, so a restart does not reset it); the chunks after it in the same reply are
/// then never sent, so a reply with a hole in it never looks whole. The session decides what the user is told.
/// </summary>
internal sealed class ReplyOutbox : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly IReplySender _sender;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _allowance;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopped = new();
    private IReadOnlyList<PendingChunk> _pending = [];
    // Outcomes reported but maybe not yet persisted by the session: never send these again.
    private readonly HashSet<(int, int)> _finished = [];
    private PendingChunk? _inFlight;
    private IReadOnlyDictionary<int, string> _traces = new Dictionary<int, string>();
    private Activity? _sending;
    private int _attempt;
    // When this outbox first tried the current chunk: the allowance's start for a chunk queued before QueuedAt was kept.
    private DateTimeOffset? _firstTried;

    public ITimerScheduler Timers { get; set; } = null!;

    public ReplyOutbox(IReplySender sender, TimeProvider clock, TimeSpan allowance)
    {
        _sender = sender;
        _clock = clock;
        _allowance = allowance;
        Receive<OutboxProtocol.Pending>(p =>
        {
            _pending = p.Chunks;
            _traces = p.Traces;
            _finished.IntersectWith(p.Chunks.Select(c => c.Id));
            SendNextIfIdle();
        });
        Receive<Sent>(OnSent);
        Receive<RetryNow>(_ => SendNextIfIdle());
    }

    /// <param name="allowance">How long a reply may keep failing, from when it was queued, before its undelivered part is given up.</param>
    public static Props Props(IReplySender sender, TimeProvider clock, TimeSpan allowance) =>
        PlainProps.Of(() => new ReplyOutbox(sender, clock, allowance));

    // The session tells the list only when it changes: a restarted outbox asks for it, or it would wait for the next change.
    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Context.Parent.Tell(OutboxProtocol.Restarted.Instance);
    }

    protected override void PostStop()
    {
        _stopped.Cancel();
        _sending?.Dispose();
    }

    private void SendNextIfIdle()
    {
        if (_inFlight is not null || Timers.IsTimerActive(nameof(RetryNow))) return;
        var next = _pending.FirstOrDefault(c => !_finished.Contains(c.Id));
        if (next is null) return;
        _inFlight = next;
        _firstTried ??= _clock.GetUtcNow();
        _sending = TraceParent.StartDetached("edgecrab.send", _traces.GetValueOrDefault(next.ReplyNumber), ActivityKind.Producer);
        _sending?.SetTag("edgecrab.reply.number", next.ReplyNumber);
        _sending?.SetTag("edgecrab.reply.chunk", next.Index);
        _sending?.SetTag("edgecrab.reply.chunks", next.Count);
        _sending?.SetTag("edgecrab.send.attempt", _attempt + 1);
        _sender.SendAsync(next, _stopped.Token)
            .ContinueWith(t => new Sent(next, t.IsCompletedSuccessfully ? t.Result : new DeliveryResult.RetryLater(t.Exception?.GetBaseException().Message ?? "cancelled")),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OnSent(Sent sent)
    {
        _inFlight = null;
        var chunk = sent.Chunk;
        EndSendSpan(sent.Result);
        switch (sent.Result)
        {
            case DeliveryResult.Delivered delivered:
                Finish(chunk, new OutboxProtocol.ChunkDelivered(chunk.ReplyNumber, chunk.Index, delivered.Via));
                break;
            case DeliveryResult.Undeliverable undeliverable:
                GiveUp(chunk, undeliverable.Reason);
                break;
            case DeliveryResult.RetryLater retry when _clock.GetUtcNow() >= (chunk.QueuedAt ?? _firstTried!.Value) + AllowanceFor(chunk):
                GiveUp(chunk, $"still failing {AllowanceFor(chunk)} after it was queued ({_attempt + 1} attempts): {retry.Reason}");
                break;
            case DeliveryResult.RetryLater retry:
                _attempt++;
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(_attempt - 1, 16)));
                _log.Info("Reply {0} chunk {1} will be retried in {2:0.#} s: {3}", chunk.ReplyNumber, chunk.Index, delay.TotalSeconds, retry.Reason);
                Timers.StartSingleTimer(nameof(RetryNow), RetryNow.Instance, delay);
                return;
        }
        SendNextIfIdle();
    }

    /// <summary>
    /// A card write gets <see cref="CardAllowance"/> at most: behind it wait the answer's markdown chunks, and a card
    /// DingTalk keeps refusing is better given up for markdown (the answer goes on there) than waited on for hours.
    /// </summary>
    private TimeSpan AllowanceFor(PendingChunk chunk) => chunk.IsCardWrite && CardAllowance < _allowance ? CardAllowance : _allowance;

    public static readonly TimeSpan CardAllowance = TimeSpan.FromSeconds(30);

    private void EndSendSpan(DeliveryResult result)
    {
        if (_sending is null) return;
        _sending.SetTag("edgecrab.send.result", result.GetType().Name);
        if (result is not DeliveryResult.Delivered) _sending.SetStatus(ActivityStatusCode.Error, result.GetType().Name);
        _sending.Dispose();
        _sending = null;
    }

    /// <summary>This chunk is done with, one way or the other: never send it again, and tell the session to persist how.</summary>
    private void Finish(PendingChunk chunk, object outcome)
    {
        GatewayTelemetry.ReplyChunks.Add(1, new KeyValuePair<string, object?>("outcome", outcome is OutboxProtocol.ChunkDelivered ? "delivered" : "abandoned"));
        _attempt = 0;
        _firstTried = null;
        _finished.Add(chunk.Id);
        Context.Parent.Tell(outcome);
    }

    private void GiveUp(PendingChunk chunk, string reason)
    {
        _log.Warning("Reply {0} chunk {1} cannot be delivered: {2}", chunk.ReplyNumber, chunk.Index, reason);
        // The rest of this reply is withheld at once, before the session has persisted the cut: sent after a hole,
        // it would pretend the reply is whole.
        foreach (var later in _pending.Where(c => c.ReplyNumber == chunk.ReplyNumber && c.Index > chunk.Index))
            _finished.Add(later.Id);
        Finish(chunk, new OutboxProtocol.ChunkAbandoned(chunk.ReplyNumber, chunk.Index, reason));
    }

    private sealed record Sent(PendingChunk Chunk, DeliveryResult Result);

    private sealed record RetryNow
    {
        public static readonly RetryNow Instance = new();
    }
}
