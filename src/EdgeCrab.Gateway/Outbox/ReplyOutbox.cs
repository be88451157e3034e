using Akka.Actor;
using Akka.Event;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Outbox;

/// <summary>
/// Sends a session's reply chunks one at a time, in order, retrying passing failures with backoff. It only ever
/// sends what the session has persisted as queued, and tells the session each outcome so it can be persisted.
/// </summary>
internal sealed class ReplyOutbox : ReceiveActor, IWithTimers
{
    /// <summary>About 17 minutes of retries in all before a chunk is given up.</summary>
    public const int MaxAttempts = 20;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly IReplySender _sender;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopped = new();
    private IReadOnlyList<PendingChunk> _pending = [];
    // Outcomes reported but maybe not yet persisted by the session: never send these again.
    private readonly HashSet<(int, int)> _finished = [];
    private PendingChunk? _inFlight;
    private int _attempt;

    public ITimerScheduler Timers { get; set; } = null!;

    public ReplyOutbox(IReplySender sender)
    {
        _sender = sender;
        Receive<OutboxProtocol.Pending>(p =>
        {
            _pending = p.Chunks;
            _finished.IntersectWith(p.Chunks.Select(c => c.Id));
            SendNextIfIdle();
        });
        Receive<Sent>(OnSent);
        Receive<RetryNow>(_ => SendNextIfIdle());
    }

    public static Props Props(IReplySender sender) => Akka.Actor.Props.Create(() => new ReplyOutbox(sender));

    protected override void PostStop() => _stopped.Cancel();

    private void SendNextIfIdle()
    {
        if (_inFlight is not null || Timers.IsTimerActive(nameof(RetryNow))) return;
        var next = _pending.FirstOrDefault(c => !_finished.Contains(c.Id));
        if (next is null) return;
        _inFlight = next;
        _sender.SendAsync(next, _stopped.Token)
            .ContinueWith(t => new Sent(next, t.IsCompletedSuccessfully ? t.Result : new DeliveryResult.RetryLater(t.Exception?.GetBaseException().Message ?? "cancelled")),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OnSent(Sent sent)
    {
        _inFlight = null;
        var chunk = sent.Chunk;
        switch (sent.Result)
        {
            case DeliveryResult.Delivered delivered:
                Finish(chunk, new OutboxProtocol.ChunkDelivered(chunk.ReplyNumber, chunk.Index, delivered.Via));
                break;
            case DeliveryResult.Undeliverable undeliverable:
                GiveUp(chunk, undeliverable.Reason);
                break;
            case DeliveryResult.RetryLater retry when ++_attempt >= MaxAttempts:
                GiveUp(chunk, $"gave up after {MaxAttempts} attempts: {retry.Reason}");
                break;
            case DeliveryResult.RetryLater retry:
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(_attempt - 1, 16)));
                _log.Info("Reply {0} chunk {1} will be retried in {2:0.#} s: {3}", chunk.ReplyNumber, chunk.Index, delay.TotalSeconds, retry.Reason);
                Timers.StartSingleTimer(nameof(RetryNow), RetryNow.Instance, delay);
                return;
        }
        SendNextIfIdle();
    }

    /// <summary>This chunk is done with, one way or the other: never send it again, and tell the session to persist how.</summary>
    private void Finish(PendingChunk chunk, object outcome)
    {
        _attempt = 0;
        _finished.Add(chunk.Id);
        Context.Parent.Tell(outcome);
    }

    private void GiveUp(PendingChunk chunk, string reason)
    {
        _log.Warning("Reply {0} chunk {1} cannot be delivered: {2}", chunk.ReplyNumber, chunk.Index, reason);
        Finish(chunk, new OutboxProtocol.ChunkAbandoned(chunk.ReplyNumber, chunk.Index, reason));
    }

    private sealed record Sent(PendingChunk Chunk, DeliveryResult Result);

    private sealed record RetryNow
    {
        public static readonly RetryNow Instance = new();
    }
}
