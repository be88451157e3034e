namespace EdgeCrab.DingTalk.Stream;

/// <summary>How a stream websocket is kept honest: websocket pings and how long a pong may take before the socket counts as dead.</summary>
public sealed record StreamConnectionOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often we ping the server at the websocket level.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>No pong within this after a ping: the socket is a zombie and is aborted.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
