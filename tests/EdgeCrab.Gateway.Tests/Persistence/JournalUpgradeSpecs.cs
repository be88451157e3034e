using Akka.Actor;
using Akka.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Tests.Persistence;

/// <summary>
/// Journals written before one decision became one row (a row per event, untagged, and PendingWork's own busy and idle
/// rows) still recover, in a real SQLite file: an upgraded gateway carries on with every conversation where it stood.
/// </summary>
public sealed class JournalUpgradeSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteJournal _journal = new();
    private readonly ScriptedAgent _agent = new();
    private readonly RecordingReplySender _sender = new();

    [Fact]
    public async Task A_conversation_written_a_row_per_event_should_recover_whole_and_go_on_in_decided_rows()
    {
        var first = Inbound.Dm("first", conversationId: "cid-upgrade");
        var at = first.ReceivedAt;
        await WriteOldRowsAsync(new SessionKey("cid-upgrade").PersistenceId,
        [
            new MessageReceived(first, MessageRole.Prompt, at),
            new TurnStarted(1, first, false, at),
            new AnswerCompleted(1, "echo: first", 10, 5, at),
            new ReplyQueued(1, first.MsgId, ["echo: first"], "echo", first.ReplyTo, at),
            new ReplyChunkDelivered(1, 0, "sessionWebhook", at),
        ]);
        // An older registry: this conversation busy, then idle; another one still busy.
        await WriteOldRowsAsync(PendingWork.DefaultPersistenceId,
            [new SessionBecameBusy("cid-upgrade"), new SessionBecameBusy("cid-upgrade-busy"), new SessionBecameIdle("cid-upgrade")]);

        await using var node = await OneNodeSessions.StartAsync(_journal, Deps());
        // The redelivered first message is known (the dedup window came back), and the second sees the first exchange.
        await node.Sessions.Ask<Accepted>(new Deliver(first), Patience);
        await node.Sessions.Ask<Accepted>(new Deliver(Inbound.Dm("second", conversationId: "cid-upgrade")), Patience);
        await Eventually.True(() => _sender.Texts.Contains("echo: second"), "the second message answered", Patience);
        Assert.Equal(["first", "echo: first", "second"], _agent.Histories.Last().Select(h => h.Text));
        Assert.Equal(["echo: second"], _sender.Texts);
        Assert.Equal(["second"], _agent.Prompts);
        // The old registry's busy conversation was woken: it recovered, found nothing to do, and was written off, the
        // last the old registry held: its journal is gone.
        await Eventually.True(async () => (await JournalContents.EventsAsync(node.System, PendingWork.DefaultPersistenceId)).Count == 0,
            "the old registry written off", Patience);

        var rows = await JournalContents.EventsAsync(node.System, new SessionKey("cid-upgrade").PersistenceId);
        Assert.Equal(5, rows.Take(5).OfType<ISessionEvent>().Count());
        Assert.IsType<Decided>(rows[5]);
        Assert.Equal(["first", "second"], rows.SelectMany(Decided.In).OfType<MessageReceived>().Select(m => m.Message.Text));
    }

    private SessionDependencies Deps() => new(SessionOptions.Default, _agent, _sender, TimeProvider.System,
        TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), HistoryWindow.Default);

    /// <summary>Writes <paramref name="events"/> as the gateway used to: each event its own row, untagged.</summary>
    private Task WriteOldRowsAsync(string persistenceId, IReadOnlyList<object> events) => JournalRows.WriteAsync(_journal, persistenceId, events);

    public void Dispose() => _journal.Dispose();
}
