using System.Globalization;
using System.Text;

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

    /// <summary>
    /// A valid actor name, distinct for distinct conversation ids: letters, digits, '-', '_' and '.' stay as they are
    /// and every other UTF-16 unit (the escape character '~' itself, lone surrogates too) becomes '~' and four hex
    /// digits. Each name then reads back to exactly one id (a '~' always starts a four-digit escape), so two ids can
    /// never share a name, as "p q" and "p~20q" did when '%' escapes were merely renamed to '~'.
    /// </summary>
    public string ActorName
    {
        get
        {
            var name = new StringBuilder("s-", ConversationId.Length + 8);
            foreach (var c in ConversationId)
            {
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') name.Append(c);
                else name.Append('~').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            return name.ToString();
        }
    }

    public static SessionKey? FromPersistenceId(string persistenceId) =>
        persistenceId.StartsWith(Prefix, StringComparison.Ordinal) ? new SessionKey(persistenceId[Prefix.Length..]) : null;

    public override string ToString() => ConversationId;
}
