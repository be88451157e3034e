using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>One member as <c>edgecrab cluster status</c> shows it.</summary>
public sealed record MemberReport(string Address, string Status, IReadOnlyList<string> Roles, bool IsLeader, bool IsOldest, int? Sessions);

/// <summary>The cluster as one node sees it: members, where the stream connection(s) are, and how many sessions each node holds.</summary>
public sealed record ClusterStatusReport(string Self, string StreamOwnerMode, IReadOnlyList<string> StreamOwners, IReadOnlyList<MemberReport> Members)
{
    /// <summary>Reads the cluster state and asks the shard coordinator for every region's live sessions.</summary>
    public static async Task<ClusterStatusReport> GatherAsync(ActorSystem system, IActorRef shardRegion, bool streamOwnerIsSingleton)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members.Where(m => m.Status is not MemberStatus.Removed).ToList();
        var gateways = members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ConversationSessionsHosting.Role)).ToList();
        var oldest = gateways.Count == 0 ? null : gateways.Aggregate((a, b) => a.IsOlderThan(b) ? a : b);

        IReadOnlyDictionary<Address, int> sessions;
        try
        {
            var stats = await shardRegion.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            sessions = stats.Regions.ToDictionary(r => r.Key, r => r.Value.Stats.Values.Sum());
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            sessions = new Dictionary<Address, int>();
        }

        var owners = streamOwnerIsSingleton
            ? oldest is null ? [] : [oldest.Address.ToString()]
            : gateways.Select(m => m.Address.ToString()).ToList();
        return new ClusterStatusReport(
            cluster.SelfAddress.ToString(),
            streamOwnerIsSingleton ? "singleton" : "every-node",
            owners,
            members.Select(m => new MemberReport(
                m.Address.ToString(),
                m.Status.ToString(),
                m.Roles.Order(StringComparer.Ordinal).ToArray(),
                m.Address.Equals(state.Leader),
                m.Equals(oldest),
                sessions.TryGetValue(m.Address, out var count) ? count : null)).ToArray());
    }
}
