using Akka.Actor;
using Akka.TestKit.Xunit2;
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

    public void Dispose() => _journal.Dispose();
}
