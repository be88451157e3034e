namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Identifies one conversation's session. DingTalk gives a DM and a group different conversation ids, so they are
/// different sessions by construction.
/// </summary>
public readonly record struct SessionKey(string ConversationId)
{
    public const string Prefix = "dingtalk-";

    /// <summary>The Akka.Persistence id of the session's journal.</summary>
    public string PersistenceId => Prefix + ConversationId;

    /// <summary>A valid, unique actor name: conversation ids contain characters actor names do not allow.</summary>
    public string ActorName => "s-" + Uri.EscapeDataString(ConversationId).Replace("%", "~", StringComparison.Ordinal);

    public static SessionKey? FromPersistenceId(string persistenceId) =>
        persistenceId.StartsWith(Prefix, StringComparison.Ordinal) ? new SessionKey(persistenceId[Prefix.Length..]) : null;

    public override string ToString() => ConversationId;
}
