using Akka.Actor;
using Akka.Cluster.Sharding;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>How many conversation sessions are live on this node, from its shard region.</summary>
public static class LiveSessions
{
    public static async Task<int> CountAsync(IActorRef region, TimeSpan timeout)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout).ConfigureAwait(false);
        return state.Shards.Sum(shard => shard.EntityIds.Count);
    }
}
