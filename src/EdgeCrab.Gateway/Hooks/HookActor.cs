using Akka.Actor;
using Akka.Event;
using EdgeCrab.Gateway.Telemetry;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// One hook, off the message path: its events wait in a bounded queue and its handler runs them one at a time, in
/// the order they came, within the node's bound on handler processes. A hook that falls behind drops its oldest
/// events, and says so once per spell in the log and in <c>edgecrab_hook_events_dropped_total</c>; it never slows
/// the conversations that raised them.
/// </summary>
internal sealed class HookActor : ReceiveActor
{
    public const int QueueCapacity = 100;

    private readonly Queue<HookEvent> _queue = new();
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
        Receive<HookEvent>(Enqueue);
        Receive<Ran>(OnRan);
    }

    public static Props Props(Hook hook, SemaphoreSlim processes) => Akka.Actor.Props.Create(() => new HookActor(hook, processes));

    protected override void PostStop() => _stopped.Cancel();

    private void Enqueue(HookEvent hookEvent)
    {
        if (_queue.Count >= QueueCapacity)
        {
            var dropped = _queue.Dequeue();
            GatewayTelemetry.HookEventsDropped.Add(1, new KeyValuePair<string, object?>("hook", _hook.Name));
            if (_droppedThisSpell++ == 0)
                _log.Warning("hook {0} is {1} events behind: dropping the oldest ({2}) and any more until it catches up", _hook.Name, QueueCapacity, dropped.Event);
        }
        _queue.Enqueue(hookEvent);
        RunNext();
    }

    private void RunNext()
    {
        if (_running || _queue.Count == 0) return;
        _running = true;
        var hookEvent = _queue.Dequeue();
        var (hook, processes, stopped) = (_hook, _processes, _stopped.Token);
        RunAsync(hook, hookEvent, processes, stopped).PipeTo(Self, success: run => new Ran(hookEvent, run),
            failure: e => new Ran(hookEvent, new HookRun(HookAnswer.Continue.Instance, e.GetType().Name, null, "", "")));
    }

    private static async Task<HookRun> RunAsync(Hook hook, HookEvent hookEvent, SemaphoreSlim processes, CancellationToken stopped)
    {
        await processes.WaitAsync(stopped).ConfigureAwait(false);
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
        if (!ran.Run.Succeeded) _log.Warning("hook {0} on {1}: {2}; carrying on", _hook.Name, ran.Event.Event, ran.Run.Problem);
        if (_queue.Count == 0) _droppedThisSpell = 0;
        RunNext();
    }

    private sealed record Ran(HookEvent Event, HookRun Run);
}
