using Akka.Actor;
using Akka.Persistence;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>Reads one persistence id's events back from whatever journal the system runs, through the journal protocol itself.</summary>
internal static class JournalContents
{
    public static async Task<IReadOnlyList<object>> EventsAsync(ActorSystem system, string persistenceId)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var collector = system.ActorOf(Props.Create(() => new Collector()));
        var replay = collector.Ask<IReadOnlyList<object>>(new Collect(journal, persistenceId), TimeSpan.FromSeconds(15));
        return await replay;
    }

    private sealed record Collect(IActorRef Journal, string PersistenceId);

    private sealed class Collector : ReceiveActor
    {
        private readonly List<object> _events = [];
        private IActorRef _replyTo = ActorRefs.Nobody;

        public Collector()
        {
            Receive<Collect>(c =>
            {
                _replyTo = Sender;
                c.Journal.Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, c.PersistenceId, Self));
            });
            // The in-memory journal keeps a row's Tagged wrapper; SQL journals strip it.
            Receive<ReplayedMessage>(m => _events.Add(m.Persistent.Payload is Akka.Persistence.Journal.Tagged t ? t.Payload : m.Persistent.Payload));
            Receive<RecoverySuccess>(_ =>
            {
                _replyTo.Tell(_events.ToArray());
                Context.Stop(Self);
            });
            Receive<ReplayMessagesFailure>(f =>
            {
                _replyTo.Tell(new Status.Failure(f.Cause));
                Context.Stop(Self);
            });
        }
    }
}
