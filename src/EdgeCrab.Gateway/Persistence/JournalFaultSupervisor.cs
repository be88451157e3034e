using Akka.Actor;
using Akka.Event;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Runs one persistent actor and starts it again, after a backoff, whenever it stops without being asked to: Akka
/// stops a persistent actor whose write or recovery failed (a database restart, a locked SQLite file), and this brings
/// it back from the journal once the journal answers, so unfinished work resumes by itself. Messages sent while the
/// child is down are held (bounded) and handed over when it is back, so an outage costs seconds, not DingTalk's
/// minute-long redelivery. Messages are also held while the child recovers, until it reports
/// <see cref="ChildRecovered"/>: a recovery that fails would otherwise take the messages it stashed down with it.
/// </summary>
/// <remarks>
/// Akka's own <c>BackoffSupervisor</c> does the restarting but sends everything that arrives meanwhile to dead
/// letters; holding it is the one thing this adds. Like it, messages from the child go to our parent as ours (a shard
/// then sees <c>Passivate</c> from its entity), and a message for which <c>isFinalStop</c> holds makes the child's next
/// stop final, ours with it (a shard's hand-off message).
/// </remarks>
internal sealed class JournalFaultSupervisor : ReceiveActor, IWithTimers
{
    /// <summary>Messages held while the child is down; past this they go to dead letters (an unanswered Ask: DingTalk redelivers).</summary>
    public const int MaxHeld = 1000;

    private readonly Props _childProps;
    private readonly string _childName;
    private readonly JournalBackoff _backoff;
    private readonly Func<object, bool> _isFinalStop;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(object Message, IActorRef Sender)> _held = new();
    private IActorRef? _child;
    private bool _recovered;
    private int _failures;
    private bool _finalStopRequested;

    public ITimerScheduler Timers { get; set; } = null!;

    public JournalFaultSupervisor(Props childProps, string childName, JournalBackoff backoff, Func<object, bool> isFinalStop)
    {
        _childProps = childProps;
        _childName = childName;
        _backoff = backoff;
        _isFinalStop = isFinalStop;

        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => OnChildStopped());
        Receive<ChildRecovered>(_ => Sender.Equals(_child), _ => OnChildRecovered());
        Receive<StartChild>(_ => Start());
        Receive<ResetFailures>(r =>
        {
            if (r.Failures == _failures) _failures = 0;
        });
        ReceiveAny(Route);
    }

    public static Props Props(Props childProps, string childName, JournalBackoff backoff, Func<object, bool>? isFinalStop = null) =>
        Akka.Actor.Props.Create(() => new JournalFaultSupervisor(childProps, childName, backoff, isFinalStop ?? (_ => false)));

    protected override void PreStart() => Start();

    // The child's own exceptions restart it in place (Akka's default); only a stop is ours to handle.
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.DefaultStrategy;

    private void Start()
    {
        _recovered = false;
        _child = Context.ActorOf(_childProps, _childName);
        Context.Watch(_child);
    }

    private void OnChildRecovered()
    {
        _recovered = true;
        if (_failures > 0)
        {
            _log.Info("{0} recovered from its journal after {1} failed attempt(s)", _childName, _failures);
            Timers.StartSingleTimer(nameof(ResetFailures), new ResetFailures(_failures), _backoff.ResetAfter);
        }
        while (_held.TryDequeue(out var held)) _child!.Tell(held.Message, held.Sender);
    }

    private void Route(object message)
    {
        if (_child is not null && Sender.Equals(_child))
        {
            Context.Parent.Tell(message, Self);
            return;
        }
        if (_isFinalStop(message))
        {
            _finalStopRequested = true;
            if (_child is null)
            {
                // Down, with nothing in memory to save: the journal has everything there is. (A child still
                // recovering gets the stop once it has recovered, so it can hand its work on.)
                Context.Stop(Self);
                return;
            }
        }
        if (_recovered)
        {
            _child!.Forward(message);
        }
        else if (_held.Count < MaxHeld)
        {
            _held.Enqueue((message, Sender));
        }
        else
        {
            _log.Warning("{0} is down and already holds {1} messages: dropping a {2} (an unanswered callback is redelivered)", _childName, MaxHeld, message.GetType().Name);
            Context.System.DeadLetters.Tell(message, Sender);
        }
    }

    private void OnChildStopped()
    {
        _child = null;
        _recovered = false;
        if (_finalStopRequested)
        {
            Context.Stop(Self);
            return;
        }
        var delay = _backoff.Delay(_failures++);
        // A persistent actor stops on its own only when its journal failed it; the cause is in the log line before.
        _log.Warning("{0} stopped (its journal write or recovery failed): starting it again in {1:0.0} s", _childName, delay.TotalSeconds);
        Timers.Cancel(nameof(ResetFailures));
        Timers.StartSingleTimer(nameof(StartChild), StartChild.Instance, delay);
    }

    /// <summary>Sent by the child to its parent once its recovery completed: what was held for it can now be handed over.</summary>
    public sealed record ChildRecovered
    {
        public static readonly ChildRecovered Instance = new();
    }

    private sealed record StartChild
    {
        public static readonly StartChild Instance = new();
    }

    private sealed record ResetFailures(int Failures);
}
