namespace EdgeCrab.Gateway;

/// <summary>Registry key of the actor that routes to sessions: the shard region of conversation sessions.</summary>
public sealed class SessionsKey;

/// <summary>Registry key of this node's DingTalk stream connection.</summary>
public sealed class DingTalkConnectionKey;

/// <summary>Registry key of the journal probe (is the journal answering).</summary>
public sealed class JournalProbeKey;
