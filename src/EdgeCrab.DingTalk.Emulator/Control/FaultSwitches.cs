namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>
/// The misbehaviours armed through <c>POST /_emulator/faults</c>. "Next" switches are counts, each use takes one;
/// the timing overrides replace the options' values until reset.
/// </summary>
internal sealed class FaultSwitches(EmulatorOptions options)
{
    private int _duplicateNext, _rateLimitNext, _serverErrorNext, _rejectConnectionsNext, _malformedFrameNext, _cardRefuseNext;
    private long _redeliverAfterMs = -1, _webhookLifetimeMs = -1, _qpsLimit = -1;
    private string? _refuseSendsContaining;

    public TimeSpan RedeliverAfter
    {
        get
        {
            var ms = Interlocked.Read(ref _redeliverAfterMs);
            return ms < 0 ? options.RedeliverAfter : TimeSpan.FromMilliseconds(ms);
        }
    }

    public TimeSpan WebhookLifetime
    {
        get
        {
            var ms = Interlocked.Read(ref _webhookLifetimeMs);
            return ms < 0 ? options.WebhookLifetime : TimeSpan.FromMilliseconds(ms);
        }
    }

    /// <summary>Business API calls each API takes per second before answering 403 QpsLimitForAppkeyAndApi; null is no limit.</summary>
    public int? QpsLimit
    {
        get
        {
            var limit = Interlocked.Read(ref _qpsLimit);
            return limit < 0 ? options.QpsLimit : (int)limit;
        }
    }

    public void SetQpsLimit(long? limit) => Interlocked.Exchange(ref _qpsLimit, limit ?? -1);

    public void SetRedeliverAfter(long? ms) => Interlocked.Exchange(ref _redeliverAfterMs, ms ?? -1);

    public void SetWebhookLifetime(long? ms) => Interlocked.Exchange(ref _webhookLifetimeMs, ms ?? -1);

    /// <summary>Until cleared (null or empty), every robot message whose text contains this is refused for good.</summary>
    public void SetRefuseSendsContaining(string? text) => Volatile.Write(ref _refuseSendsContaining, string.IsNullOrEmpty(text) ? null : text);

    /// <summary>Whether a robot message with this text is refused: a permanent refusal aimed at one message, not the next N calls.</summary>
    public bool RefusesSend(string text) =>
        Volatile.Read(ref _refuseSendsContaining) is { } marker && text.Contains(marker, StringComparison.Ordinal);

    public void ArmDuplicate(int count) => Interlocked.Exchange(ref _duplicateNext, count);
    public void ArmRateLimit(int count) => Interlocked.Exchange(ref _rateLimitNext, count);
    public void ArmServerError(int count) => Interlocked.Exchange(ref _serverErrorNext, count);
    public void ArmRejectConnections(int count) => Interlocked.Exchange(ref _rejectConnectionsNext, count);
    public void ArmMalformedFrame(int count) => Interlocked.Exchange(ref _malformedFrameNext, count);
    public void ArmCardRefuse(int count) => Interlocked.Exchange(ref _cardRefuseNext, count);

    public bool TakeDuplicate() => Take(ref _duplicateNext);
    public bool TakeRateLimit() => Take(ref _rateLimitNext);
    public bool TakeServerError() => Take(ref _serverErrorNext);
    public bool TakeRejectConnection() => Take(ref _rejectConnectionsNext);
    public bool TakeMalformedFrame() => Take(ref _malformedFrameNext);
    public bool TakeCardRefuse() => Take(ref _cardRefuseNext);

    /// <summary>What is armed now, as the faults endpoint reports it.</summary>
    public object Snapshot() => new
    {
        duplicateNext = Volatile.Read(ref _duplicateNext),
        rateLimitNext = Volatile.Read(ref _rateLimitNext),
        serverErrorNext = Volatile.Read(ref _serverErrorNext),
        rejectConnectionsNext = Volatile.Read(ref _rejectConnectionsNext),
        malformedFrameNext = Volatile.Read(ref _malformedFrameNext),
        cardRefuseNext = Volatile.Read(ref _cardRefuseNext),
        redeliverAfterMs = (long)RedeliverAfter.TotalMilliseconds,
        webhookLifetimeMs = (long)WebhookLifetime.TotalMilliseconds,
        refuseSendsContaining = Volatile.Read(ref _refuseSendsContaining),
        qpsLimit = QpsLimit,
    };

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current) return true;
        }
    }
}
