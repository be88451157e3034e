namespace EdgeCrab.Gateway.Outbox;

/// <summary>How sending one chunk went, in terms of what the outbox does next.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    /// <summary>DingTalk accepted it, through <see cref="Via"/> ("sessionWebhook" or "robotApi").</summary>
    public sealed record Delivered(string Via) : DeliveryResult;

    /// <summary>A passing failure (rate limit, 5xx, timeout): try again after a backoff.</summary>
    public sealed record RetryLater(string Reason) : DeliveryResult;

    /// <summary>DingTalk will never take it: give up on this chunk.</summary>
    public sealed record Undeliverable(string Reason) : DeliveryResult;

    /// <summary>What a failed DingTalk call means for the chunk: try again when a retry can help, else give up.</summary>
    public static DeliveryResult Failed(DingTalk.Rest.DingTalkApiException e) =>
        e.IsRetryable ? new RetryLater(e.Message) : new Undeliverable(e.Message);
}
