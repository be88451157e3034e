using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.Gateway.Connection;

/// <summary>How the gateway holds its DingTalk stream connection.</summary>
public sealed record ConnectionSettings
{
    public string UserAgent { get; init; } = "edgecrab-actors/1.0 (dotnet)";

    /// <summary>No frame (not even a ping) for this long: the connection is a zombie and is replaced.</summary>
    public TimeSpan SilenceLimit { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Under DingTalk's ~60 s redelivery: waiting longer for a busy session costs nothing, giving up early costs a
    /// redelivery. The host's <c>EDGECRAB_ACK_TIMEOUT</c> defaults to it.
    /// </summary>
    public static readonly TimeSpan DefaultAckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a session may take to persist a message before the callback goes unacked (DingTalk then redelivers).</summary>
    public TimeSpan AckTimeout { get; init; } = DefaultAckTimeout;

    /// <summary>Subscribe to card callbacks (a card's stop button): on when answers stream into cards.</summary>
    public bool CardCallbacks { get; init; }

    /// <summary>After a <c>disconnect</c>, how long the old socket may finish its acks once the new one is up.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(10);

    public ReconnectBackoff Backoff { get; init; } = ReconnectBackoff.Default;

    /// <summary>The node's bound on callbacks in flight; the host shares one instance with its HTTP callback endpoint.</summary>
    public CallbackSlots InFlight { get; init; } = new(CallbackSlots.DefaultLimit);

    public StreamConnectionOptions Socket { get; init; } = new();
}
