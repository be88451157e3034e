using System.ClientModel.Primitives;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// The OpenAI client's own retry step, told to honour the provider: a 429 or 5xx (and a dropped connection) is tried
/// again up to <see cref="MaxRetries"/> times, after the provider's <c>Retry-After</c> when it gives one, else after a
/// capped, jittered exponential backoff. Then the error reaches the turn, which answers with a short error reply.
/// </summary>
/// <remarks>
/// It sits in the client's pipeline, which retries before handing back the response stream: so a retry can only
/// happen before any text has streamed, never duplicating an answer's beginning. Which statuses are retried is the
/// library's own classification (408, 429, 500, 502, 503, 504 and transport errors).
/// </remarks>
public sealed class ModelRetryPolicy : ClientRetryPolicy
{
    public const int MaxRetries = 3;

    /// <summary>No single wait longer than this, whatever the provider asks: the turn's own timeout is 5 minutes.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    private readonly TimeProvider _clock;

    public ModelRetryPolicy(TimeProvider? clock = null) : base(MaxRetries) => _clock = clock ?? TimeProvider.System;

    /// <param name="tryCount">The retries made so far (0 before the first).</param>
    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var headers = message.Response?.Headers;
        string? retryAfterMs = null, retryAfter = null;
        headers?.TryGetValue("retry-after-ms", out retryAfterMs);
        headers?.TryGetValue("Retry-After", out retryAfter);
        var asked = RetryAfter.Parse(retryAfterMs, retryAfter, _clock.GetUtcNow());
        return asked is { } wait ? Min(wait, MaxDelay) : Backoff(tryCount);
    }

    /// <summary>1 s, 2 s, 4 s, … up to 8 s, each ±20 % so that many turns refused at once do not come back at once.</summary>
    public static TimeSpan Backoff(int retriesSoFar)
    {
        var exponent = Math.Clamp(retriesSoFar, 0, 10);
        var backoff = Min(FirstBackoff * Math.Pow(2, exponent), MaxBackoff);
        return backoff * (0.8 + Random.Shared.NextDouble() * 0.4);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
