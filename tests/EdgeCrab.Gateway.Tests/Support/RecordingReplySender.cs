using System.Collections.Concurrent;
using EdgeCrab.Gateway.Outbox;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// A reply sender that records what it was asked to send; it can fail the next N sends as DingTalk would.
/// <see cref="Texts"/> is what a receiver honouring the chunk's idempotency key (msgUuid) shows: a resend after a
/// crash (sent, but its delivery not yet persisted) appears once. <see cref="Sent"/> keeps every attempt.
/// </summary>
internal sealed class RecordingReplySender : IReplySender
{
    private int _failNext, _failures, _throwNext;

    public ConcurrentQueue<PendingChunk> Sent { get; } = new();

    public IReadOnlyList<string> Texts => Sent.DistinctBy(ChunkKey.For).Select(c => c.Text).ToArray();

    /// <summary>How many sends failed because of <see cref="FailNext"/>.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>The next N sends throw at once instead of returning a task, as a sender with a bug would.</summary>
    public void ThrowNext(int count) => Interlocked.Exchange(ref _throwNext, count);

    /// <summary>A fault for chosen chunks: when it returns a result, that chunk is not sent and the result is returned.</summary>
    public Func<PendingChunk, DeliveryResult?>? Fault { get; set; }

    public Task<DeliveryResult> SendAsync(PendingChunk chunk, CancellationToken ct)
    {
        if (Interlocked.Decrement(ref _throwNext) >= 0) throw new InvalidOperationException("a sender bug (test)");
        if (Fault?.Invoke(chunk) is { } fault) return Task.FromResult(fault);
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            Interlocked.Increment(ref _failures);
            return Task.FromResult<DeliveryResult>(new DeliveryResult.RetryLater("rate limited (test)"));
        }
        Sent.Enqueue(chunk);
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("sessionWebhook"));
    }
}
