using EdgeCrab.Gateway.Telemetry;
using Akka.Hosting;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;
using static EdgeCrab.Gateway.Connection.DingTalkConnectionProtocol;
using static EdgeCrab.Gateway.Connection.StreamSocketProtocol;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// The gateway's DingTalk stream connection: runs a <see cref="StreamSocket"/> under Akka's backoff supervisor,
/// applies the inbound rules to every robot callback, hands accepted messages to the sessions and acks a callback
/// only once its session says it is persisted. No answer in time, no ack: DingTalk redelivers, the session dedups.
/// </summary>
internal sealed class DingTalkConnection : ReceiveActor
{
    private readonly CallbackIntake _intake;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _connects;
    private bool _up;

    public DingTalkConnection(DingTalkRestClient rest, IActorRef sessions, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock)
    {
        _intake = new CallbackIntake(sessions, policy, settings.AckTimeout, clock, "stream");

        var (min, max, factor) = settings.Backoff.AkkaParameters;
        var socket = StreamSocket.Props(Self, rest, settings);
        var supervisor = BackoffSupervisor.Props(
            Backoff.OnStop(socket, "socket", min, max, factor, maxNrOfRetries: -1)
                .WithAutoReset(settings.Backoff.ResetAfter)
                // A crash is a stop too: the socket comes back with the same backoff.
                .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
        Context.ActorOf(supervisor, "stream");

        Receive<CallbackReceived>(OnCallback);
        Receive<IntakeDone>(OnIntakeDone);
        Receive<CardCallbackReceived>(c => OnCardCallback(c, sessions, settings.AckTimeout));
        Receive<ButtonDone>(done =>
        {
            if (done.Acked) done.Socket.Tell(new AckCallback(done.LinkId, done.MessageId, 200));
            else _log.Warning("card callback {0}: the session did not answer in time; DingTalk will redeliver it", done.MessageId);
        });
        Receive<Connected>(c =>
        {
            _connects++;
            _up = true;
            GatewayTelemetry.StreamConnects.Add(1);
            _log.Info("stream connection {0} up ({1} connect(s) so far)", c.LinkId, _connects);
        });
        Receive<Down>(d =>
        {
            _up = false;
            _log.Info("stream connection down: {0}", d.Reason);
        });
        Receive<ConnectionStatus>(_ => Sender.Tell(new ConnectionStatusReply(_connects) { Up = _up }));
    }

    public static Props Props(DingTalkRestClient rest, IActorRef sessions, InboundPolicy policy, ConnectionSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DingTalkConnection(rest, sessions, policy, settings, clock));

    private void OnCallback(CallbackReceived callback)
    {
        var socket = Sender;
        if (callback.Message is not RobotMessageParseResult.Parsed { Message: var message })
        {
            // Refused with a 4xx, so DingTalk does not redeliver what can never be read; the reason never holds the text.
            var reason = (callback.Message as RobotMessageParseResult.Malformed)?.Reason ?? "unknown parse result";
            _log.Warning("dropped robot callback {0}: {1}", callback.MessageId, reason);
            socket.Tell(new AckCallback(callback.LinkId, callback.MessageId, 400, "malformed robot message"));
            callback.Slot.Dispose();
            return;
        }
        TakeAsync(message, callback.Slot).PipeTo(Self, success: outcome => new IntakeDone(socket, callback.LinkId, callback.MessageId, outcome));
    }

    // The slot is freed by the intake's own task, not by a message: a message could die in a stopping mailbox.
    private async Task<IntakeOutcome> TakeAsync(RobotMessage message, CallbackSlot slot)
    {
        using (slot) return await _intake.TakeAsync(message).ConfigureAwait(false);
    }

    /// <summary>
    /// A button pressed on a card: handed to the conversation the card's id names, and acked once the session has
    /// written what it does. A callback we cannot read, or about a card that is not ours, is refused or acked at once.
    /// </summary>
    private void OnCardCallback(CardCallbackReceived received, IActorRef sessions, TimeSpan timeout)
    {
        var socket = Sender;
        if (received.Callback is not { } callback)
        {
            _log.Warning("dropped card callback {0}: {1}", received.MessageId, received.Problem);
            socket.Tell(new AckCallback(received.LinkId, received.MessageId, 400, "malformed card callback"));
            return;
        }
        if (DingTalk.Cards.CardTrackId.Read(callback.OutTrackId) is not var (conversationId, _))
        {
            _log.Info("card callback {0} is about a card this gateway did not make; acked and ignored", received.MessageId);
            socket.Tell(new AckCallback(received.LinkId, received.MessageId, 200));
            return;
        }
        sessions.Ask<Sessions.ConversationSessionProtocol.ButtonTaken>(
                new Sessions.ConversationSessionProtocol.PressCardButton(conversationId, callback.OutTrackId, callback.UserId, callback.ActionId), timeout)
            .PipeTo(Self, success: _ => new ButtonDone(socket, received.LinkId, received.MessageId, true),
                failure: _ => new ButtonDone(socket, received.LinkId, received.MessageId, false));
    }

    private void OnIntakeDone(IntakeDone done)
    {
        IntakeLog.Write(_log, done.Outcome);
        if (done.Outcome.MayAck) done.Socket.Tell(new AckCallback(done.LinkId, done.MessageId, 200));
    }

    private sealed record IntakeDone(IActorRef Socket, int LinkId, string MessageId, IntakeOutcome Outcome);

    private sealed record ButtonDone(IActorRef Socket, int LinkId, string MessageId, bool Acked);
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
