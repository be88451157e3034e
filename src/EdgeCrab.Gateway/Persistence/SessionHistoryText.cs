using System.Globalization;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>A session's journal as lines a person reads: who said what, and what happened to the turns.</summary>
public static class SessionHistoryText
{
    public static IEnumerable<string> Lines(IEnumerable<ISessionEvent> events)
    {
        var all = events as IReadOnlyList<ISessionEvent> ?? events.ToArray();
        // A reply cut later in the journal is marked where it was written, so the lost part reads as lost.
        var cuts = all.OfType<ReplyPartUndelivered>().GroupBy(c => c.ReplyNumber).ToDictionary(g => g.Key, g => g.Min(c => c.FromIndex));
        foreach (var e in all)
        {
            var at = e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var line = e switch
            {
                MessageReceived m => $"{m.Message.SenderNick ?? m.Message.SenderId} ({m.Message.SenderId}){RoleMark(m.Role)}: {m.Message.Text}",
                TurnStarted t => $"  turn {t.TurnNumber} started{(t.IsRetry ? " (retry)" : "")}",
                AnswerCompleted a => $"  turn {a.TurnNumber} answered ({a.InputTokens} tokens in, {a.OutputTokens} out)",
                TurnStopped s => $"  turn {s.TurnNumber} stopped: {s.Reason}",
                TurnFailed f => $"  turn {f.TurnNumber} failed: {f.Error}",
                TurnInterrupted i => $"  turn {i.TurnNumber} interrupted by shutdown (runs again on restart)",
                QueueCleared q => $"  {q.Dropped} waiting message(s) dropped",
                HistoryCleared => "  history cleared (/new)",
                ReplyQueued r => Reply(r, cuts.TryGetValue(r.ReplyNumber, out var from) ? from : null),
                ReplyChunkDelivered d => $"  reply {d.ReplyNumber} part {d.Index + 1} delivered via {d.Via}",
                ReplyChunkAbandoned x => $"  reply {x.ReplyNumber} part {x.Index + 1} NOT delivered: {x.Reason}",
                ReplyPartUndelivered c => $"  reply {c.ReplyNumber} NOT delivered from part {c.FromIndex + 1} on (the rest withheld; the user was told /retry sends it): {c.Reason}",
                _ => $"  {e.GetType().Name}",
            };
            yield return $"{at}  {line}";
        }
    }

    private static string RoleMark(MessageRole role) => role switch
    {
        MessageRole.Prompt => "",
        MessageRole.NotTaken => " [not taken: queue full]",
        _ => $" [{role.ToString().ToLowerInvariant()}]",
    };

    /// <summary>A reply's text; when it was cut from chunk <paramref name="cutFrom"/> on, that part is marked as never delivered.</summary>
    private static string Reply(ReplyQueued r, int? cutFrom)
    {
        var who = r.Kind switch
        {
            ReplyKind.GapNotice => "robot (notice)",
            ReplyKind.Resend => "robot (resent on /retry)",
            _ => "robot",
        };
        if (cutFrom is not { } from || from >= r.Chunks.Count) return $"{who}: {string.Concat(r.Chunks)}";
        var lost = $"[NOT DELIVERED, parts {from + 1}-{r.Chunks.Count} of {r.Chunks.Count}: {string.Concat(r.Chunks.Skip(from))}]";
        return from == 0 ? $"{who}: {lost}" : $"{who}: {string.Concat(r.Chunks.Take(from))}\n{lost}";
    }

    /// <summary>One line per conversation for <c>sessions list</c>.</summary>
    public static string Summary(string conversationId, IReadOnlyList<ISessionEvent> events)
    {
        var messages = events.OfType<MessageReceived>().Count();
        var last = events.Count == 0 ? "-" : events[^1].At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var kind = events.OfType<MessageReceived>().FirstOrDefault()?.Message.Kind.ToString().ToLowerInvariant() ?? "?";
        return $"{conversationId}\t{kind}\t{messages} message(s)\tlast {last} UTC";
    }
}
