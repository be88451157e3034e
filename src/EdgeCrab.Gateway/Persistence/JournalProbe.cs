using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using EdgeCrab.Gateway.Telemetry;
using static EdgeCrab.Gateway.Persistence.JournalProbeProtocol;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>
/// Asks the journal, every few seconds, for the highest sequence number of an id nobody writes: a read through the
/// same plugin and circuit breaker the sessions use. It logs once when the journal stops answering and once when it
/// answers again, and tells <c>/healthz</c>, <c>/readyz</c> and the <c>edgecrab.journal.answering</c> gauge which it is.
/// </summary>
internal sealed class JournalProbe : ReceiveActor, IWithTimers
{
    public const string ProbeId = "edgecrab-journal-probe";

    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _journal = ActorRefs.Nobody;
    private int _attempt;
    private bool _waiting;
    private JournalStatus _status = new(true, null, DateTimeOffset.UtcNow);

    public ITimerScheduler Timers { get; set; } = null!;

    public JournalProbe(TimeSpan interval, TimeSpan timeout)
    {
        _interval = interval;
        _timeout = timeout;
        Receive<Tick>(_ => Probe());
        Receive<RecoverySuccess>(_ => Answered(null));
        Receive<ReplayMessagesFailure>(f => Answered(f.Cause.GetBaseException().Message));
        Receive<ProbeTimedOut>(t => t.Attempt == _attempt && _waiting, _ => Answered($"no answer within {_timeout.TotalSeconds:0} s"));
        Receive<ReplayedMessage>(_ => { });
        Receive<GetJournalStatus>(_ => Sender.Tell(_status));
    }

    public static Props Props(TimeSpan interval, TimeSpan timeout) => Akka.Actor.Props.Create(() => new JournalProbe(interval, timeout));

    protected override void PreStart()
    {
        _journal = Akka.Persistence.Persistence.Instance.Apply(Context.System).JournalFor(null);
        Timers.StartSingleTimer(nameof(Tick), Tick.Instance, _interval);
    }

    private void Probe()
    {
        _waiting = true;
        _attempt++;
        _journal.Tell(new ReplayMessages(0, 0, 0, ProbeId, Self));
        Timers.StartSingleTimer(nameof(ProbeTimedOut), new ProbeTimedOut(_attempt), _timeout);
    }

    private void Answered(string? failure)
    {
        if (!_waiting) return;
        _waiting = false;
        Timers.Cancel(nameof(ProbeTimedOut));
        var now = DateTimeOffset.UtcNow;
        var answering = failure is null;
        GatewayTelemetry.JournalAnswering.Record(answering ? 1 : 0, GatewayTelemetry.NodeOf(Context.System));
        if (answering != _status.Answering)
        {
            if (answering)
                _log.Info("The journal answers again, after {0:0} s", (now - _status.Since).TotalSeconds);
            else
                _log.Warning("The journal is not answering ({0}): sessions wait and retry; nothing is acked until it is written", failure);
            _status = new JournalStatus(answering, failure, now);
        }
        // Look closer while it is down, so its return is noticed (and logged) within a second or so.
        Timers.StartSingleTimer(nameof(Tick), Tick.Instance, answering ? _interval : TimeSpan.FromTicks(Math.Min(_interval.Ticks, TimeSpan.TicksPerSecond)));
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record ProbeTimedOut(int Attempt);
}

/// <summary>Wires the journal probe into an actor system.</summary>
public static class JournalProbeHosting
{
    public static AkkaConfigurationBuilder AddJournalProbe(this AkkaConfigurationBuilder builder, TimeSpan? interval = null) =>
        builder.WithActors((system, registry) =>
            registry.Register<JournalProbeKey>(system.ActorOf(JournalProbe.Props(interval ?? TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), "journal-probe")));
}
