namespace EdgeCrab.Gateway.Cluster;

/// <summary>Where cluster bootstrap looks for the other nodes' management endpoints (its contact points).</summary>
public abstract record BootstrapDiscovery
{
    private BootstrapDiscovery()
    {
    }

    /// <summary>
    /// A fixed list of every node's management endpoint (<c>host:port</c>): for fixed hosts and for loopback tests,
    /// where several nodes share one host and tell themselves apart by port.
    /// </summary>
    public sealed record Config(IReadOnlyList<string> Endpoints) : BootstrapDiscovery;

    /// <summary>
    /// The Kubernetes API: the running pods matching <paramref name="PodLabelSelector"/> in this pod's namespace, each
    /// contacted on its container port named <see cref="PortName"/> (the pod's service account must list pods).
    /// </summary>
    public sealed record Kubernetes(string PodLabelSelector) : BootstrapDiscovery
    {
        /// <summary>The label every gateway pod carries in deploy/kubernetes.</summary>
        public const string DefaultPodLabelSelector = "app=edgecrab";

        /// <summary>The container port name discovery looks for on each pod: its management endpoint.</summary>
        public const string PortName = "management";
    }
}
