using Akka.Cluster.Sharding;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Cluster;

/// <summary>Routes every session envelope to the shard of its conversation: the entity id is the conversation id.</summary>
public sealed class ConversationShardExtractor(int maxShards = ConversationShardExtractor.DefaultShards) : HashCodeMessageExtractor(maxShards)
{
    /// <summary>Ten times a large cluster's node count, as the sharding docs suggest; fixed for the cluster's lifetime.</summary>
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => message is ISessionEnvelope envelope ? envelope.ConversationId : null;
}
