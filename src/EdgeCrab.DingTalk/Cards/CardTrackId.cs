using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCrab.DingTalk.Cards;

/// <summary>
/// The <c>outTrackId</c> we give a turn's card: <c>ec1_&lt;conversation id in hex&gt;_&lt;turn&gt;_&lt;tag&gt;</c>. Made from
/// the conversation, the turn and the session's incarnation, so a turn run again after a crash finds its own card
/// (DingTalk refuses a second card of the same id), and a card callback names the conversation it belongs to without
/// any lookup. Only letters, digits and <c>_</c>: what every peer's ids use.
/// </summary>
public static class CardTrackId
{
    private const string Prefix = "ec1_";

    /// <summary>DingTalk's bound on an <c>outTrackId</c> (the emulator enforces it; DingTalk's docs give none lower).</summary>
    public const int MaxLength = 256;

    /// <returns>The id, or null when the conversation id is too long to carry (the turn then answers in markdown).</returns>
    public static string? For(string conversationId, int turn, string? incarnation)
    {
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{incarnation}|{conversationId}|{turn}")))[..8];
        var id = $"{Prefix}{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(conversationId))}_{turn.ToString(CultureInfo.InvariantCulture)}_{tag}";
        return id.Length <= MaxLength ? id : null;
    }

    /// <summary>The conversation and turn an id of ours names; null for anyone else's id or a damaged one.</summary>
    public static (string ConversationId, int Turn)? Read(string? outTrackId)
    {
        if (outTrackId is null || !outTrackId.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = outTrackId[Prefix.Length..].Split('_');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[0].Length % 2 != 0) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var turn)) return null;
        try
        {
            var conversationId = Encoding.UTF8.GetString(Convert.FromHexString(parts[0]));
            return For(conversationId, turn, null) is null ? null : (conversationId, turn);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
