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
/// letters; holding it is the one thing this adds (it mattered most while every ack of a busy session waited on
/// <see cref="Sessions.PendingWork"/>, before issue 14's ninth round). Sessions do without (an actor more per live
/// session costs ~2.7 KB; see <see cref="Sessions.SessionRestarts"/>).
/// </remarks>
internal sealed class JournalFaultSupervisor : UntypedActor
{
    /// <summary>Messages held while the child is down; past this they go to dead letters (an unanswered Ask: DingTalk redelivers).</summary>
    public const int MaxHeld = 1000;

    private readonly Props _childProps;
    private readonly string _childName;
    private readonly JournalBackoff _backoff;
    private Queue<(object Message, IActorRef Sender)>? _held;
    private IActorRef? _child;
    private bool _recovered;
    private int _failures;
    private ICancelable? _restart;
    private ICancelable? _reset;
    private bool _stopping;

    public JournalFaultSupervisor(Props childProps, string childName, JournalBackoff backoff)
    {
        _childProps = childProps;
        _childName = childName;
        _backoff = backoff;
    }

    public static Props Props(Props childProps, string childName, JournalBackoff backoff) =>
        Akka.Actor.Props.Create(() => new JournalFaultSupervisor(childProps, childName, backoff));

    protected override void PreStart() => Start();

    protected override void PostStop()
    {
        _restart?.Cancel();
        _reset?.Cancel();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Terminated t when t.ActorRef.Equals(_child) && _stopping:
                Context.Stop(Self);
                break;
            case Terminated t when t.ActorRef.Equals(_child):
                OnChildStopped();
                break;
            case FinishAndStop:
                OnFinishAndStop();
                break;
            case ChildRecovered when Sender.Equals(_child):
                OnChildRecovered();
                break;
            case StartChild:
                _restart = null;
                Start();
                break;
            case ResetFailures reset when reset.Failures == _failures:
                _failures = 0;
                break;
            case ResetFailures:
                break;
            default:
                Route(message);
                break;
        }
    }

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
            Context.GetLogger().Info("{0} recovered from its journal after {1} failed attempt(s)", _childName, _failures);
            _reset = Context.System.Scheduler.ScheduleTellOnceCancelable(_backoff.ResetAfter, Self, new ResetFailures(_failures), Self);
        }
        while (_held?.TryDequeue(out var held) == true) _child!.Tell(held.Message, held.Sender);
    }

    private void Route(object message)
    {
        if (_child is not null && Sender.Equals(_child))
        {
            Context.Parent.Tell(message, Self);
            return;
        }
        if (_recovered)
        {
            _child!.Forward(message);
            return;
        }
        _held ??= new Queue<(object, IActorRef)>();
        if (_held.Count < MaxHeld)
        {
            _held.Enqueue((message, Sender));
            return;
        }
        Context.GetLogger().Warning("{0} is down and already holds {1} messages: dropping a {2} (an unanswered callback is redelivered)",
            _childName, MaxHeld, message.GetType().Name);
        Context.System.DeadLetters.Tell(message, Sender);
    }

    private void OnChildStopped()
    {
        _child = null;
        _recovered = false;
        var delay = _backoff.Delay(_failures++);
        // A persistent actor stops on its own only when its journal failed it; the cause is in the log line before.
        Context.GetLogger().Warning("{0} stopped (its journal write or recovery failed): starting it again in {1:0.0} s", _childName, delay.TotalSeconds);
        _reset?.Cancel();
        _restart = Context.System.Scheduler.ScheduleTellOnceCancelable(delay, Self, StartChild.Instance, Self);
    }

    // A child that has recovered finishes what it started (its own FinishAndStop); one that has not has nothing to finish.
    private void OnFinishAndStop()
    {
        _stopping = true;
        _restart?.Cancel();
        if (_child is null) Context.Stop(Self);
        else if (_recovered) _child.Tell(FinishAndStop.Instance);
        else Context.Stop(_child);
    }

    /// <summary>
    /// Stops the supervisor once its child has finished: the child gets the same message, writes what it holds and
    /// stops, and is not started again. What a stopping singleton is sent, instead of a <c>PoisonPill</c>.
    /// </summary>
    public sealed record FinishAndStop
    {
        public static readonly FinishAndStop Instance = new();
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
