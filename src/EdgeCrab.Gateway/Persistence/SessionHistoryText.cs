using System.Globalization;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>A session's journal as lines a person reads: who said what, and what happened to the turns.</summary>
public static class SessionHistoryText
{
    public static IEnumerable<string> Lines(IEnumerable<ISessionEvent> events)
    {
        foreach (var e in events)
        {
            var at = e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var line = e switch
            {
                MessageReceived m => $"{m.Message.SenderNick ?? m.Message.SenderId} ({m.Message.SenderId}){(m.Role == MessageRole.Prompt ? "" : $" [{m.Role.ToString().ToLowerInvariant()}]")}: {m.Message.Text}",
                TurnStarted t => $"  turn {t.TurnNumber} started{(t.IsRetry ? " (retry)" : "")}",
                AnswerCompleted a => $"  turn {a.TurnNumber} answered ({a.InputTokens} tokens in, {a.OutputTokens} out)",
                TurnStopped s => $"  turn {s.TurnNumber} stopped: {s.Reason}",
                TurnFailed f => $"  turn {f.TurnNumber} failed: {f.Error}",
                TurnInterrupted i => $"  turn {i.TurnNumber} interrupted by shutdown (runs again on restart)",
                QueueCleared q => $"  {q.Dropped} waiting message(s) dropped",
                HistoryCleared => "  history cleared (/new)",
                ReplyQueued r => $"robot: {string.Concat(r.Chunks)}",
                ReplyChunkDelivered d => $"  reply {d.ReplyNumber} part {d.Index + 1} delivered via {d.Via}",
                ReplyChunkAbandoned x => $"  reply {x.ReplyNumber} part {x.Index + 1} NOT delivered: {x.Reason}",
                _ => $"  {e.GetType().Name}",
            };
            yield return $"{at}  {line}";
        }
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
