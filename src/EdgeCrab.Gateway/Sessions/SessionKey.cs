namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Identifies one conversation's session. DingTalk gives a DM and a group different conversation ids, so they are
/// different sessions by construction. The conversation id is also the session's sharding entity id, which Akka
/// percent-escapes into the entity's actor name: an injective mapping, so two ids never share an actor.
/// </summary>
public readonly record struct SessionKey(string ConversationId)
{
    public const string Prefix = "dingtalk-";

    /// <summary>The Akka.Persistence id of the session's journal.</summary>
    public string PersistenceId => Prefix + ConversationId;

    public static SessionKey? FromPersistenceId(string persistenceId) =>
        persistenceId.StartsWith(Prefix, StringComparison.Ordinal) ? new SessionKey(persistenceId[Prefix.Length..]) : null;

    public override string ToString() => ConversationId;
}
