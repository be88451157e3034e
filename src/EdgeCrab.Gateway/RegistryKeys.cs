namespace EdgeCrab.Gateway;

/// <summary>Registry key of the actor that routes to sessions: the local router, or the shard region in a cluster.</summary>
public sealed class SessionsKey;

/// <summary>Registry key of this node's DingTalk stream connection.</summary>
public sealed class DingTalkConnectionKey;
