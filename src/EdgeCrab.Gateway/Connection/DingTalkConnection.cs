using Akka.Hosting;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.Gateway.Sessions;
using static EdgeCrab.Gateway.Connection.StreamSocketProtocol;
using static EdgeCrab.Gateway.Sessions.ConversationSessionProtocol;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// The gateway's DingTalk stream connection: runs a <see cref="StreamSocket"/> under Akka's backoff supervisor,
/// applies the inbound rules to every robot callback, hands accepted messages to the sessions and acks a callback
/// only once its session says it is persisted. No answer in time, no ack: DingTalk redelivers, the session dedups.
/// </summary>
internal sealed class DingTalkConnection : ReceiveActor
{
    private readonly IActorRef _sessions;
    private readonly InboundPolicy _policy;
    private readonly ConnectionSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _connects;

    public DingTalkConnection(DingTalkRestClient rest, IActorRef sessions, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock)
    {
        _sessions = sessions;
        _policy = policy;
        _settings = settings;
        _clock = clock;

        var (min, max, factor) = settings.Backoff.AkkaParameters;
        var socket = StreamSocket.Props(Self, rest, settings);
        var supervisor = BackoffSupervisor.Props(
            Backoff.OnStop(socket, "socket", min, max, factor, maxNrOfRetries: -1)
                .WithAutoReset(settings.Backoff.ResetAfter)
                // A crash is a stop too: the socket comes back with the same backoff.
                .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
        Context.ActorOf(supervisor, "stream");

        Receive<CallbackReceived>(OnCallback);
        Receive<SessionAccepted>(a => a.Socket.Tell(new AckCallback(a.LinkId, a.MessageId, 200)));
        Receive<SessionSilent>(s => _log.Warning(
            "[dingtalk] message {0} not persisted within {1:0.#} s ({2}); not acking, DingTalk will redeliver it", s.MsgId, _settings.AckTimeout.TotalSeconds, s.Reason));
        Receive<Connected>(c =>
        {
            _connects++;
            _log.Info("[dingtalk] stream connection {0} up ({1} connect(s) so far)", c.LinkId, _connects);
        });
        Receive<Down>(d => _log.Info("[dingtalk] stream connection down: {0}", d.Reason));
        Receive<ConnectionStatus>(_ => Sender.Tell(new ConnectionStatusReply(_connects)));
    }

    public static Props Props(DingTalkRestClient rest, IActorRef sessions, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DingTalkConnection(rest, sessions, policy, settings, clock));

    private void OnCallback(CallbackReceived callback)
    {
        var socket = Sender;
        if (callback.Message is RobotMessageParseResult.Malformed malformed)
        {
            _log.Warning("[dingtalk] dropped robot callback {0}: {1}", callback.MessageId, malformed.Reason);
            socket.Tell(new AckCallback(callback.LinkId, callback.MessageId, 400, "malformed robot message"));
            return;
        }
        var message = ((RobotMessageParseResult.Parsed)callback.Message).Message;
        switch (InboundRules.Apply(message, _policy, _clock.GetUtcNow()))
        {
            case InboundDecision.Ignore ignore:
                _log.Info("[dingtalk] message {0} in {1} acked and ignored: {2}", message.MsgId, message.ConversationId, ignore.Reason);
                socket.Tell(new AckCallback(callback.LinkId, callback.MessageId, 200));
                break;
            case InboundDecision.Deliver deliver:
                if (deliver.Warning is { } warning)
                    _log.Warning("[dingtalk] message {0} in {1}: {2}", message.MsgId, message.ConversationId, warning);
                var msgId = message.MsgId;
                _sessions.Ask<Accepted>(new Deliver(deliver.Message), _settings.AckTimeout)
                    .PipeTo(Self,
                        success: _ => new SessionAccepted(socket, callback.LinkId, callback.MessageId),
                        failure: e => new SessionSilent(msgId, e is AskTimeoutException ? "timed out" : e.GetType().Name));
                break;
        }
    }

    private sealed record SessionAccepted(IActorRef Socket, int LinkId, string MessageId);

    private sealed record SessionSilent(string MsgId, string Reason);

    /// <summary>Asks how many times the stream connected (operations, tests).</summary>
    public sealed record ConnectionStatus
    {
        public static readonly ConnectionStatus Instance = new();
    }

    /// <summary>The answer to <see cref="ConnectionStatus"/>.</summary>
    public sealed record ConnectionStatusReply(int Connects);
}

/// <summary>Wires this node's DingTalk stream connection into an actor system.</summary>
public static class DingTalkConnectionHosting
{
    public static AkkaConfigurationBuilder AddDingTalkConnection(
        this AkkaConfigurationBuilder builder, DingTalkRestClient rest, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock) =>
        builder.WithActors((system, registry) =>
        {
            var sessions = registry.Get<SessionsKey>();
            var connection = system.ActorOf(DingTalkConnection.Props(rest, sessions, policy, settings, clock), "dingtalk");
            registry.Register<DingTalkConnectionKey>(connection);
            // Stop taking callbacks before sessions are interrupted: the socket closes first, and whatever was not
            // acked yet is redelivered by DingTalk to the next start.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "close-dingtalk-stream", async () =>
            {
                await connection.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return Akka.Done.Instance;
            });
        });
}
