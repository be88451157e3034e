using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>
/// The answer to cluster bootstrap's probe, <c>GET /bootstrap/seed-nodes</c>: this node's address and the members it
/// sees, in Akka.Management's own types and serializer, so every Akka.NET bootstrap reads it as its own route's.
/// </summary>
public static class BootstrapSeedNodes
{
    /// <summary>The route cluster bootstrap probes on every node's management port.</summary>
    public const string Path = "/bootstrap/seed-nodes";

    /// <summary>As many members as Akka.Management's route exposes: enough for a prober to join the cluster.</summary>
    public const int MaxExposed = 5;

    public static string Json(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var self = cluster.SelfMember;
        // A node on its way out offers no one to join; a node that has not joined yet sees no members, so it offers none.
        if (self.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed)
            return JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.Address, ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty));
        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp)
            .OrderBy(_ => Random.Shared.Next())
            .Take(MaxExposed)
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        return JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.Address, members));
    }
}
