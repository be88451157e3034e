namespace EdgeCrab.Gateway.Cluster;

/// <summary>How a node finds the other members of its cluster: nobody to find, a fixed seed list, or cluster bootstrap.</summary>
public abstract record ClusterFormation
{
    private ClusterFormation()
    {
    }

    /// <summary>A single gateway: a cluster of one, joining its own address.</summary>
    public sealed record Alone : ClusterFormation
    {
        public static readonly Alone Instance = new();
    }

    /// <summary>Joins the listed seed nodes (<c>EDGECRAB_CLUSTER_SEEDS</c>); a node that lists itself first may start the cluster.</summary>
    public sealed record Seeds(IReadOnlyList<(string Host, int Port)> Nodes) : ClusterFormation;

    /// <summary>
    /// Akka.Management's cluster bootstrap: every node serves its management HTTP endpoint on
    /// <paramref name="ManagementPort"/>, finds the others' through <paramref name="Discovery"/>, and joins the cluster
    /// they already form; when none exists, the node with the lowest address among
    /// <paramref name="RequiredContactPoints"/> or more answering contact points starts it.
    /// </summary>
    public sealed record Bootstrap(BootstrapDiscovery Discovery, int ManagementPort, int RequiredContactPoints) : ClusterFormation
    {
        /// <summary>Akka.Management's usual port, the one Kubernetes examples name <c>management</c>.</summary>
        public const int DefaultManagementPort = 8558;

        /// <summary>Akka.Management's default: set it to the replica count when a deployment knows it.</summary>
        public const int DefaultRequiredContactPoints = 2;
    }
}
