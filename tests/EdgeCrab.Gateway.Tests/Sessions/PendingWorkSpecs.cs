using Akka.Actor;
using Akka.Actor.Setup;
using Akka.TestKit.Xunit2;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.PendingWorkProtocol;

namespace EdgeCrab.Gateway.Tests.Sessions;

/// <summary>
/// The waker over a real SQLite journal: it wakes the conversations whose last row says they have work, and, for a
/// journal from before rows were tagged, those the old registry held busy until each answers that nothing is pending.
/// </summary>
public sealed class PendingWorkSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-30T12:00:00Z");
    private readonly SqliteJournal _journal = new();

    [Fact]
    public async Task Should_wake_exactly_the_conversations_whose_last_row_says_they_have_work()
    {
        await WriteSessionRowsAsync("cid-busy", Row(hasWork: false), Row(hasWork: true));
        await WriteSessionRowsAsync("cid-done", Row(hasWork: true), Row(hasWork: true), Row(hasWork: false));
        // Written before rows were tagged: the old registry speaks for it (it holds nothing here).
        await WriteSessionRowsAsync("cid-untagged", Delivered());
        // Not a session, whatever its tag.
        await JournalRows.WriteAsync(_journal, "some-other-actor", [Row(hasWork: true)]);

        using var kit = new TestKit(_journal.Setup, "pending-work-1");
        kit.Sys.ActorOf(Registry(kit));
        ExpectOnlyWake(kit, "cid-busy");
    }

    [Fact]
    public async Task The_old_registrys_busy_conversations_should_be_woken_until_each_answers_that_nothing_is_pending()
    {
        // As the old registry left it: a snapshot, then rows after it.
        await JournalRows.WriteAsync(_journal, PendingWork.DefaultPersistenceId, [new SessionBecameBusy("cid-old-1")]);
        await JournalRows.SaveSnapshotAsync(_journal, PendingWork.DefaultPersistenceId, new PendingWorkSnapshot(["cid-old-1"]));
        await JournalRows.WriteAsync(_journal, PendingWork.DefaultPersistenceId,
            [new PendingWorkChanged(["cid-old-2", "cid-old-3"], []), new SessionBecameBusy("cid-old-gone"), new SessionBecameIdle("cid-old-gone")]);
        await WriteSessionRowsAsync("cid-new", Row(hasWork: true));

        using (var first = new TestKit(_journal.Setup, "pending-work-2"))
        {
            var registry = StartAsTheNodeDoes(first);
            Assert.Equal(["cid-new", "cid-old-1", "cid-old-2", "cid-old-3"], WokenIds(first, 4));
            registry.Tell(new NothingPending("cid-old-1"));
            // Not the old registry's: nothing to write off.
            registry.Tell(new NothingPending("cid-new"));
            // Answers wait a moment to be written off together: a graceful stop writes them first.
            StopGracefully(first, registry);
        }

        using (var second = new TestKit(_journal.Setup, "pending-work-3"))
        {
            var registry = second.Sys.ActorOf(Registry(second));
            Assert.Equal(["cid-new", "cid-old-2", "cid-old-3"], WokenIds(second, 3));
            registry.Tell(new NothingPending("cid-old-2"));
            registry.Tell(new NothingPending("cid-old-3"));
            // The last of the old registry's conversations written off: its journal goes, and its snapshot.
            await Eventually.True(async () => (await JournalContents.EventsAsync(second.Sys, PendingWork.DefaultPersistenceId)).Count == 0,
                "the old registry's journal deleted", Timeout);
            await Eventually.True(() => SnapshotCount(PendingWork.DefaultPersistenceId) == 0, "the old registry's snapshot deleted", Timeout);
        }

        using var third = new TestKit(_journal.Setup, "pending-work-4");
        third.Sys.ActorOf(Registry(third));
        ExpectOnlyWake(third, "cid-new");
    }

    [Fact]
    public async Task Work_a_session_on_a_node_of_the_earlier_version_records_should_be_woken_until_it_is_idle()
    {
        // A rolling upgrade: sessions on nodes not yet upgraded still ask for a busy record (their rows carry no tag).
        using (var first = new TestKit(_journal.Setup, "pending-work-6"))
        {
            var registry = StartAsTheNodeDoes(first);
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-older-busy"), Timeout);
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-older-done"), Timeout);
            registry.Tell(new MarkIdle("cid-older-done"));
            StopGracefully(first, registry);
        }

        using var second = new TestKit(_journal.Setup, "pending-work-7");
        second.Sys.ActorOf(Registry(second));
        ExpectOnlyWake(second, "cid-older-busy");
    }

    [Fact]
    public async Task A_journal_that_cannot_be_read_yet_should_be_read_again_until_it_can()
    {
        // The query's database is a file in a folder that does not exist yet: every read fails until it does.
        var laterFile = Path.Combine(_journal.Folder, "later", "edgecrab.db");
        var later = GatewayHocon.Load(new JournalBackend.Sqlite(laterFile));
        using var kit = new TestKit(_journal.Setup, "pending-work-5");
        kit.Sys.ActorOf(JournalFaultSupervisor.Props(PendingWork.Props(kit.TestActor, SessionWorkQuery.For(later)), "registry", OneNodeSessions.FastBackoff));
        kit.ExpectNoMsg(TimeSpan.FromSeconds(1));

        SqliteJournalFile.Prepare(laterFile);
        await JournalRows.WriteAsync(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(later)), new SessionKey("cid-late").PersistenceId, [Row(hasWork: true)]);
        Assert.Equal("cid-late", kit.ExpectMsg<Wake>(Timeout).ConversationId);
    }

    private long SnapshotCount(string persistenceId) =>
        (long)_journal.Query("SELECT COUNT(*) FROM snapshot WHERE persistence_id = $id", ("$id", persistenceId))[0][0];

    private static Props Registry(TestKit kit) => PendingWork.Props(kit.TestActor, SessionWorkQuery.For(kit.Sys.Settings.Config));

    /// <summary>As the node runs it: under its journal supervisor, which hands it <c>FinishAndStop</c> when the singleton moves.</summary>
    private static IActorRef StartAsTheNodeDoes(TestKit kit) =>
        kit.Sys.ActorOf(JournalFaultSupervisor.Props(Registry(kit), "registry", JournalBackoff.Default));

    private static void StopGracefully(TestKit kit, IActorRef registry)
    {
        kit.Watch(registry);
        registry.Tell(JournalFaultSupervisor.FinishAndStop.Instance);
        kit.ExpectTerminated(registry, Timeout);
    }

    /// <summary>The registry wakes <paramref name="conversationId"/> and nobody else.</summary>
    private static void ExpectOnlyWake(TestKit kit, string conversationId)
    {
        Assert.Equal(conversationId, kit.ExpectMsg<Wake>(Timeout).ConversationId);
        kit.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private static string[] WokenIds(TestKit kit, int count) =>
        Enumerable.Range(0, count).Select(_ => kit.ExpectMsg<Wake>(Timeout).ConversationId).Order(StringComparer.Ordinal).ToArray();

    private Task WriteSessionRowsAsync(string conversationId, params object[] rows) =>
        JournalRows.WriteAsync(_journal, new SessionKey(conversationId).PersistenceId, rows);

    private static object Row(bool hasWork) => WorkTag.Row(Delivered(), hasWork);

    private static ReplyChunkDelivered Delivered() => new(1, 0, "sessionWebhook", At);

    public void Dispose() => _journal.Dispose();
}
