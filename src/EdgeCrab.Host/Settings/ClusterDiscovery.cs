namespace EdgeCrab.Host.Settings;

/// <summary>How a node without <c>EDGECRAB_CLUSTER_SEEDS</c> finds the others (<c>EDGECRAB_CLUSTER_DISCOVERY</c>).</summary>
public enum ClusterDiscovery
{
    /// <summary>It does not: a single node, or seeds.</summary>
    None,

    /// <summary>Cluster bootstrap over a fixed list of management endpoints (<c>EDGECRAB_CLUSTER_ENDPOINTS</c>).</summary>
    Config,

    /// <summary>Cluster bootstrap over the Kubernetes API: the pods matching <c>EDGECRAB_CLUSTER_POD_SELECTOR</c>.</summary>
    Kubernetes,
}
