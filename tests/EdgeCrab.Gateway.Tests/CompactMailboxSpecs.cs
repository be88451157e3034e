using Akka.Actor;
using Akka.Dispatch;
using Akka.TestKit.Xunit2;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EdgeCrab.Gateway.Tests;

/// <summary>
/// The per-conversation mailbox keeps a deque's order under any mix of appends, prepends and takes, loses nothing to
/// concurrent senders, and is what the per-conversation actors really get, stash included.
/// </summary>
public sealed class CompactMailboxSpecs() : TestKit(CompactMailbox.Hocon.WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
{
    // Positive: append n; negative: prepend -n; zero: take one.
    [Property(MaxTest = 300)]
    public Property Any_mix_of_operations_should_keep_the_order_of_a_deque() =>
        Prop.ForAll(Gen.Choose(-50, 50).ListOf().ToArbitrary(), operations =>
        {
            var queue = new CompactMessageQueue();
            var model = new LinkedList<int>();
            foreach (var op in operations)
            {
                if (op > 0) { queue.Enqueue(ActorRefs.Nobody, new Envelope(op, ActorRefs.NoSender)); model.AddLast(op); }
                else if (op < 0) { queue.EnqueueFirst(new Envelope(op, ActorRefs.NoSender)); model.AddFirst(op); }
                else
                {
                    var took = queue.TryDequeue(out var envelope);
                    if (took != model.Count > 0) return false;
                    if (took) { if ((int)envelope.Message != model.First!.Value) return false; model.RemoveFirst(); }
                }
                if (queue.Count != model.Count || queue.HasMessages != model.Count > 0) return false;
            }
            var rest = new List<int>();
            while (queue.TryDequeue(out var left)) rest.Add((int)left.Message);
            return rest.SequenceEqual(model) && !queue.HasMessages;
        });

    [Fact]
    public async Task Concurrent_senders_should_lose_nothing_and_keep_each_senders_order()
    {
        const int senders = 4, each = 20_000;
        var queue = new CompactMessageQueue();
        var producing = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < each; i++) queue.Enqueue(ActorRefs.Nobody, new Envelope((s, i), ActorRefs.NoSender));
        })).ToArray();
        var next = new int[senders];
        var taken = 0;
        while (taken < senders * each)
        {
            if (!queue.TryDequeue(out var envelope)) { await Task.Yield(); continue; }
            var (sender, n) = ((int, int))envelope.Message;
            Assert.Equal(next[sender], n);
            next[sender]++;
            taken++;
        }
        await Task.WhenAll(producing);
        Assert.False(queue.HasMessages);
        Assert.All(next, count => Assert.Equal(each, count));
    }

    [Fact]
    public void Plain_props_actors_should_live_in_it_and_stash_through_it()
    {
        var actor = Sys.ActorOf(PlainProps.Of(() => new Gate()));

        foreach (var n in new[] { 1, 2, 3 }) actor.Tell(n, TestActor);
        actor.Tell("open", TestActor);
        actor.Tell(4, TestActor);

        foreach (var n in new[] { 1, 2, 3, 4 }) ExpectMsg(n);
        // Started by now: a top-level actor's cell is a placeholder until then.
        Assert.IsType<CompactMessageQueue>(Assert.IsType<ActorCell>(((ActorRefWithCell)actor).Underlying).Mailbox!.MessageQueue);
    }

    [Fact]
    public async Task Actors_that_go_idle_between_messages_should_never_miss_one_sent_meanwhile()
    {
        // Many senders, many actors, each message often arriving just as its actor finishes the one before: the race
        // in which a queue that a sender fills without a full fence leaves a message behind an idle actor.
        const int actors = 40, senders = 6, each = 4_000;
        var counted = new int[actors];
        var targets = Enumerable.Range(0, actors).Select(i => Sys.ActorOf(PlainProps.Of(() => new Counter(counted, i)))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            var random = new Random(s);
            for (var n = 0; n < each; n++)
            {
                targets[random.Next(actors)].Tell(n);
                if (random.Next(8) == 0) Thread.SpinWait(random.Next(200));
            }
        })));
        AwaitCondition(() => counted.Sum(c => Volatile.Read(ref c)) == senders * each, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50),
            $"every message counted ({counted.Sum()} of {senders * each})");
    }

    private sealed class Counter(int[] counted, int index) : UntypedActor
    {
        protected override void OnReceive(object message) => Interlocked.Increment(ref counted[index]);
    }

    // Holds numbers until "open", then echoes them all in arrival order.
    private sealed class Gate : UntypedActor, IWithUnboundedStash
    {
        private bool _open;

        public IStash Stash { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            if (message is "open") { _open = true; Stash.UnstashAll(); }
            else if (!_open) Stash.Stash();
            else Sender.Tell(message);
        }
    }
}
