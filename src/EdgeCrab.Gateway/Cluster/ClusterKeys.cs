namespace EdgeCrab.Gateway.Cluster;

/// <summary>Registry key of the pending-work registry (a cluster singleton proxy in a cluster).</summary>
public sealed class PendingWorkKey;
