namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// What the <see cref="DingTalkConnection"/> answers from outside. In singleton mode the connection runs on one node
/// for the whole cluster, so these cross nodes and go through our serializer.
/// </summary>
public static class DingTalkConnectionProtocol
{
    /// <summary>Asks how many times the stream connected (operations, tests); answered <see cref="ConnectionStatusReply"/>.</summary>
    public sealed record ConnectionStatus : IGatewayMessage
    {
        public static readonly ConnectionStatus Instance = new();
    }

    /// <summary>The answer to <see cref="ConnectionStatus"/>.</summary>
    public sealed record ConnectionStatusReply(int Connects) : IGatewayMessage
    {
        /// <summary>Whether a stream connection is up now (readiness).</summary>
        public bool Up { get; init; }
    }
}
