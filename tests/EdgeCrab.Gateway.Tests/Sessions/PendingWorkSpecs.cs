using Akka.Actor;
using Akka.TestKit.Xunit2;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Tests.Support;
using Xunit;
using static EdgeCrab.Gateway.Sessions.PendingWorkProtocol;

namespace EdgeCrab.Gateway.Tests.Sessions;

public sealed class PendingWorkSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly SqliteJournal _journal = new();

    [Fact]
    public async Task Busy_right_after_idle_should_be_on_record_when_it_is_answered()
    {
        using (var first = new TestKit(_journal.Config, "pending-work-1"))
        {
            var registry = first.Sys.ActorOf(PendingWork.Props(first.TestActor));
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-a"), Timeout);
            // The idle record is still being written when the session becomes busy again.
            registry.Tell(new MarkIdle("cid-a"));
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-a"), Timeout);
            // Many conversations at once: each answer still means "on record".
            await Task.WhenAll(Enumerable.Range(1, 50).Select(i => registry.Ask<BusyRecorded>(new MarkBusy($"cid-{i}"), Timeout)));
            await first.Sys.Terminate();
        }

        using var second = new TestKit(_journal.Config, "pending-work-2");
        second.Sys.ActorOf(PendingWork.Props(second.TestActor));
        var woken = Enumerable.Range(0, 51).Select(_ => second.ExpectMsg<Wake>(Timeout).ConversationId).ToHashSet();
        Assert.Contains("cid-a", woken);
        Assert.Equal(51, woken.Count);
    }

    [Fact]
    public async Task Snapshots_and_trims_many_times_over_should_still_wake_exactly_the_busy_ones()
    {
        // Several snapshots' worth of records at once, so that trims are asked for while one is still running.
        const int conversations = PendingWork.SnapshotEvery * 3;
        using (var first = new TestKit(_journal.Config, "pending-work-3"))
        {
            var registry = first.Sys.ActorOf(PendingWork.Props(first.TestActor));
            await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => registry.Ask<BusyRecorded>(new MarkBusy($"cid-{i}"), Timeout)));
            for (var i = 0; i < conversations; i += 2) registry.Tell(new MarkIdle($"cid-{i}"));
            // Idle records wait for a write to ride on; a new busy record is that write, with every change before it.
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-last"), Timeout);
            await first.Sys.Terminate();
        }

        using var second = new TestKit(_journal.Config, "pending-work-4");
        second.Sys.ActorOf(PendingWork.Props(second.TestActor));
        var woken = Enumerable.Range(0, conversations / 2 + 1).Select(_ => second.ExpectMsg<Wake>(Timeout).ConversationId).ToHashSet();
        Assert.Equal(Enumerable.Range(0, conversations).Where(i => i % 2 == 1).Select(i => $"cid-{i}").Append("cid-last").ToHashSet(), woken);
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_graceful_stop_should_write_the_idle_records_it_still_holds_first()
    {
        using (var first = new TestKit(_journal.Config, "pending-work-5"))
        {
            // As the node runs it: a singleton under its journal supervisor, sent FinishAndStop when handed over.
            var registry = first.Sys.ActorOf(JournalFaultSupervisor.Props(PendingWork.Props(first.TestActor), "registry", JournalBackoff.Default));
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-finished"), Timeout);
            await registry.Ask<BusyRecorded>(new MarkBusy("cid-running"), Timeout);
            // An idle record waits up to a second for a write to ride on: the stop comes first.
            registry.Tell(new MarkIdle("cid-finished"));
            first.Watch(registry);
            registry.Tell(JournalFaultSupervisor.FinishAndStop.Instance);
            first.ExpectTerminated(registry, Timeout);
            await first.Sys.Terminate();
        }

        using var second = new TestKit(_journal.Config, "pending-work-6");
        second.Sys.ActorOf(PendingWork.Props(second.TestActor));
        Assert.Equal("cid-running", second.ExpectMsg<Wake>(Timeout).ConversationId);
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    public void Dispose() => _journal.Dispose();
}
