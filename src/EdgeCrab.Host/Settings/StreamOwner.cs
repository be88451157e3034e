namespace EdgeCrab.Host.Settings;

/// <summary>Which nodes of a cluster hold a DingTalk stream connection (<c>EDGECRAB_STREAM_OWNER</c>).</summary>
public enum StreamOwner
{
    /// <summary>Every node holds its own connection; DingTalk spreads pushes over them.</summary>
    EveryNode,

    /// <summary>One connection for the whole cluster, as a cluster singleton.</summary>
    Singleton,
}
