using System.Globalization;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Sessions;

/// <summary>
/// Names one life of a conversation's journal: the msgId of the first message it received, and when. Both are in its
/// first event, so replaying the journal names it again the same way. DingTalk never reuses a msgId (and time moves
/// on), so a journal started over, after its file was deleted or on a new database, gets a name of its own.
/// </summary>
/// <remarks>
/// Kept as the msgId and the time, and written out (<c>msgId@time</c>, as events and snapshots store it) only when a
/// reply needs it: the text was ~100 B of every idle session (bench/README.md, issue 14, seventh round). A stored
/// name that is not of that form is kept as it is.
/// </remarks>
public readonly record struct SessionIncarnation
{
    private readonly string _msgIdOrName;
    // Default when _msgIdOrName is the whole name, kept verbatim.
    private readonly DateTime _atUtc;

    private SessionIncarnation(string msgIdOrName, DateTime atUtc)
    {
        _msgIdOrName = msgIdOrName;
        _atUtc = atUtc;
    }

    public static SessionIncarnation Of(MessageReceived first) => new(first.Message.MsgId, first.At.UtcDateTime);

    /// <summary>The incarnation a stored name stands for.</summary>
    public static SessionIncarnation Parse(string name)
    {
        var at = name.LastIndexOf('@');
        if (at > 0 && DateTime.TryParseExact(name.AsSpan(at + 1), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            && time.Kind == DateTimeKind.Utc && new SessionIncarnation(name[..at], time).ToString() == name)
            return new SessionIncarnation(name[..at], time);
        return new SessionIncarnation(name, default);
    }

    /// <summary>The name as events, snapshots and chunk keys carry it: <c>msgId@2026-11-30T09:00:00.0000000Z</c>.</summary>
    public override string ToString() => _atUtc == default ? _msgIdOrName : $"{_msgIdOrName}@{_atUtc:O}";
}
