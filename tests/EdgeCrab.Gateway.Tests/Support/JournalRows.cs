using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>Writes rows into a journal as some other writer did (an older gateway, a session in a given state), from an actor system of its own.</summary>
internal static class JournalRows
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Each of <paramref name="rows"/> its own row (a <c>Tagged</c> one with its tags), in one atomic write.</summary>
    public static async Task WriteAsync(Config journal, string persistenceId, IReadOnlyList<object> rows)
    {
        using var system = ActorSystem.Create("row-writer", journal);
        var writer = system.ActorOf(Props.Create(() => new RowPerEvent(persistenceId)));
        await writer.Ask<Done>(rows, Patience);
        await system.Terminate();
    }

    private sealed record Done;

    private sealed class RowPerEvent : ReceivePersistentActor
    {
        public RowPerEvent(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<IReadOnlyList<object>>(rows =>
            {
                // PersistAll, as the gateway wrote a decision before: one atomic write, a row per event.
                var replyTo = Sender;
                var left = rows.Count;
                PersistAll(rows, _ =>
                {
                    if (--left == 0) replyTo.Tell(new Done());
                });
            });
        }

        public override string PersistenceId { get; }
    }
}
