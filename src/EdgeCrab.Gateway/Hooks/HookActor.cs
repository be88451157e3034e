using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// One hook, off the message path: its events wait in a bounded queue and its handler runs them one at a time, in
/// the order they came, within the node's bound on handler processes. A hook that falls behind drops its oldest
/// fire-and-forget events, and says so once per spell in the log and in <c>edgecrab_hook_events_dropped_total</c>;
/// it never slows the conversations that raised them. An event someone waits for (<see cref="Awaited"/>) is never
/// dropped for being old: it is answered, at the latest when its deadline passes.
/// </summary>
internal sealed class HookActor : ReceiveActor
{
    public const int QueueCapacity = 100;

    private readonly LinkedList<Queued> _queue = new();
    private readonly SemaphoreSlim _processes;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopped = new();
    private Hook _hook;
    private bool _running;
    private int _droppedThisSpell;

    public HookActor(Hook hook, SemaphoreSlim processes)
    {
        _hook = hook;
        _processes = processes;
        Receive<Hook>(changed => _hook = changed);
        Receive<HookEvent>(e => Enqueue(new Queued(e, null, 0)));
        Receive<Awaited>(a => Enqueue(new Queued(a.Event, Sender, a.Deadline)));
        Receive<Ran>(OnRan);
    }

    public static Props Props(Hook hook, SemaphoreSlim processes) => Akka.Actor.Props.Create(() => new HookActor(hook, processes));

    protected override void PostStop() => _stopped.Cancel();

    private void Enqueue(Queued item)
    {
        if (_queue.Count >= QueueCapacity)
        {
            var oldest = FirstFireAndForget();
            if (oldest is null)
            {
                // Full of events others wait for: this one cannot wait its turn, so it lets its action go on now.
                _log.Warning("hook {0} has {1} events waiting for it: {2} goes on without it", _hook.Name, QueueCapacity, item.Event.Event);
                item.Asker?.Tell(HookAnswer.Continue.Instance);
                return;
            }
            _queue.Remove(oldest);
            GatewayTelemetry.HookEventsDropped.Add(1, new KeyValuePair<string, object?>("hook", _hook.Name));
            if (_droppedThisSpell++ == 0)
                _log.Warning("hook {0} is {1} events behind: dropping the oldest ({2}) and any more until it catches up", _hook.Name, QueueCapacity, oldest.Value.Event.Event);
        }
        _queue.AddLast(item);
        RunNext();
    }

    private LinkedListNode<Queued>? FirstFireAndForget()
    {
        for (var node = _queue.First; node is not null; node = node.Next)
            if (node.Value.Asker is null) return node;
        return null;
    }

    private void RunNext()
    {
        while (!_running && _queue.First is { } first)
        {
            _queue.RemoveFirst();
            var item = first.Value;
            var hook = _hook;
            if (item.Asker is not null)
            {
                // It waited behind earlier events: what is left of its deadline is all the handler gets.
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), item.Deadline);
                if (left <= TimeSpan.Zero)
                {
                    _log.Warning("hook {0} on {1}: its timeout passed while earlier events ran; carrying on", hook.Name, item.Event.Event);
                    item.Asker.Tell(HookAnswer.Continue.Instance);
                    continue;
                }
                if (left < hook.Timeout) hook = hook with { Timeout = left };
            }
            _running = true;
            RunAsync(hook, item.Event, _processes, awaited: item.Asker is not null, _stopped.Token).PipeTo(Self, success: run => new Ran(item, run),
                failure: e => new Ran(item, new HookRun(HookAnswer.Continue.Instance, e.GetType().Name, null, "", "")));
        }
    }

    /// <param name="awaited">Someone waits: the wait for a free process counts toward the hook's timeout.</param>
    private static async Task<HookRun> RunAsync(Hook hook, HookEvent hookEvent, SemaphoreSlim processes, bool awaited, CancellationToken stopped)
    {
        var started = Stopwatch.GetTimestamp();
        if (!await processes.WaitAsync(awaited ? hook.Timeout : Timeout.InfiniteTimeSpan, stopped).ConfigureAwait(false))
            return new HookRun(HookAnswer.Continue.Instance, $"no handler process was free within its timeout ({HookRunner.MaxProcesses} run at once)", null, "", "");
        if (awaited) hook = hook with { Timeout = TimeSpan.FromMilliseconds(Math.Max(1, (hook.Timeout - Stopwatch.GetElapsedTime(started)).TotalMilliseconds)) };
        try
        {
            return await HookProcess.RunAsync(hook, hookEvent, stopped).ConfigureAwait(false);
        }
        finally
        {
            processes.Release();
        }
    }

    private void OnRan(Ran ran)
    {
        _running = false;
        var name = ran.Item.Event.Event;
        if (!ran.Run.Succeeded) _log.Warning("hook {0} on {1}: {2}; carrying on", _hook.Name, name, ran.Run.Problem);
        else if (ran.Run.Answer is HookAnswer.Cancel cancel && HookEventNames.IsCancellable(name))
            _log.Info("hook {0} cancelled {1}: {2}", _hook.Name, name, cancel.Reason);
        ran.Item.Asker?.Tell(ran.Run.Answer);
        if (_queue.Count == 0) _droppedThisSpell = 0;
        RunNext();
    }

    /// <summary>Run the event and answer the sender with the <see cref="HookAnswer"/> by <see cref="Deadline"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public sealed record Awaited(HookEvent Event, long Deadline);

    private readonly record struct Queued(HookEvent Event, IActorRef? Asker, long Deadline);

    private sealed record Ran(Queued Item, HookRun Run);
}
