namespace EdgeCrab.Gateway.Cluster;

/// <summary>Registry key of the <see cref="Sessions.PendingWork"/> singleton, which wakes sessions with unfinished work.</summary>
public sealed class PendingWorkKey;
