using EdgeCrab.DingTalk.Stream;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator;

/// <summary>How the emulator behaves. Defaults follow DingTalk where it is known; the rest is marked as a guess.</summary>
public sealed record EmulatorOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The AppKey (clientId) the emulator accepts; generated when null.</summary>
    public string? AppKey { get; init; }

    /// <summary>The AppSecret (clientSecret) the emulator accepts; generated when null.</summary>
    public string? AppSecret { get; init; }

    /// <summary>How often each stream connection gets a SYSTEM ping. DingTalk's interval is not documented.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An unacked robot callback is pushed again after this long (field reports say about 60 s).</summary>
    public TimeSpan RedeliverAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pushes of one callback, first delivery included. DingTalk's figure is not documented.</summary>
    public int MaxDeliveries { get; init; } = 10;

    /// <summary>A stream ticket opens one connection within this long (DingTalk: 90 s).</summary>
    public TimeSpan TicketLifetime { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A session webhook works this long after its message (DingTalk samples: 90 min).</summary>
    public TimeSpan WebhookLifetime { get; init; } = TimeSpan.FromMinutes(90);

    /// <summary>After a SYSTEM disconnect, the socket is closed this long later unless the client closed it (DingTalk: 10 s).</summary>
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Access token lifetime (DingTalk: 7,200 s).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Keep callbacks pushed while no client is connected and deliver them on the next connect; false drops them. Real behaviour unknown.</summary>
    public bool HoldWhileDisconnected { get; init; } = true;

    /// <summary>Give a redelivered callback a fresh <c>headers.messageId</c> (its <c>data.msgId</c> stays). Real behaviour unknown.</summary>
    public bool FreshMessageIdOnRedelivery { get; init; }

    /// <summary>Largest frame a client may send; a larger one closes the socket with 1009.</summary>
    public int MaxInboundFrameBytes { get; init; } = StreamFrameCodec.MaxFrameBytes;

    /// <summary>Largest HTTP request body accepted; larger bodies get 413.</summary>
    public int MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Deliver robot callbacks by HTTP POST to this URL (DingTalk's HTTP mode, signed with <c>timestamp</c>/<c>sign</c>
    /// headers) instead of over the stream websocket; null keeps stream mode.
    /// </summary>
    public Uri? HttpCallbackUrl { get; init; }

    /// <summary>Shifts the signed timestamp of HTTP callbacks, to test a receiver's clock check (DingTalk allows 1 hour).</summary>
    public TimeSpan HttpCallbackClockSkew { get; init; }

    /// <summary>Signs HTTP callbacks with this secret instead of the AppSecret, to test a receiver's signature check.</summary>
    public string? HttpCallbackSigningSecret { get; init; }

    /// <summary>The robot's display name, as people @mention it.</summary>
    public string RobotName { get; init; } = "EdgeCrab";

    /// <summary>
    /// Calls per second each business API of the new API takes before answering 403
    /// <c>Forbidden.AccessDenied.QpsLimitForAppkeyAndApi</c> (DingTalk: 20 for a standard organisation); null is no limit.
    /// </summary>
    public int? QpsLimit { get; init; }

    /// <summary>The emulator's clock (token, ticket and webhook lifetimes, redelivery, call counting); tests may freeze it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Seed for the choice of stream client per push; null is random.</summary>
    public int? Seed { get; init; }

    /// <summary>Where the emulator logs (malformed frames, faults); null logs nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws when a value cannot work (a port out of range, a non-positive interval), naming the option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port, or 0 for any free one");
        Positive(PingInterval, nameof(PingInterval));
        Positive(RedeliverAfter, nameof(RedeliverAfter));
        Positive(TicketLifetime, nameof(TicketLifetime));
        Positive(AccessTokenLifetime, nameof(AccessTokenLifetime));
        if (WebhookLifetime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WebhookLifetime), WebhookLifetime, "must not be negative");
        if (DisconnectGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DisconnectGrace), DisconnectGrace, "must not be negative");
        if (MaxDeliveries < 1) throw new ArgumentOutOfRangeException(nameof(MaxDeliveries), MaxDeliveries, "at least 1");
        if (MaxInboundFrameBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxInboundFrameBytes), MaxInboundFrameBytes, "at least 1024");
        if (MaxRequestBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxRequestBytes), MaxRequestBytes, "at least 1024");
        if (QpsLimit is < 1) throw new ArgumentOutOfRangeException(nameof(QpsLimit), QpsLimit, "at least 1, or null for no limit");
        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
        if (HttpCallbackUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            throw new ArgumentException("must be an absolute http(s) URL", nameof(HttpCallbackUrl));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, "must be positive");
    }
}
