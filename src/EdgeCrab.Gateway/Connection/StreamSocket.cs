using Akka.Actor;
using Akka.Event;
using EdgeCrab.DingTalk.Cards;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;
using static EdgeCrab.Gateway.Connection.StreamSocketProtocol;

namespace EdgeCrab.Gateway.Connection;

/// <summary>
/// Owns the stream websocket(s) of one connection attempt, under a backoff supervisor: it opens a ticket and a
/// socket, answers SYSTEM pings, hands robot callbacks to its owner and writes their acks. On <c>disconnect</c> it
/// opens the replacement before letting the old socket go (make-before-break); when its socket dies, falls silent
/// past the watchdog's limit, or cannot be opened, it stops, and the supervisor starts a fresh one after a backoff.
/// Backpressure: after reading a robot callback its read loop waits for one of the node's <see cref="CallbackSlots"/>
/// before it reads the next frame, so at most that many callbacks are in flight and TCP pushes back on DingTalk.
/// </summary>
internal sealed class StreamSocket : ReceiveActor, IWithTimers
{
    private static int _nextLinkId;

    private readonly IActorRef _owner;
    private readonly DingTalkRestClient _rest;
    private readonly ConnectionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopped = new();
    private readonly Dictionary<int, StreamConnection> _links = [];
    // Slots taken by this socket's read loops and not yet freed: freed in PostStop, so that frames left in a dying
    // socket's mailbox (or its owner's) never keep a slot for good. A slot freed that way while its intake still runs
    // lets the bound be passed by that much, briefly; losing it for good would stop reading altogether.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CallbackSlot, byte> _slots = new();
    private int? _active;
    private bool _replacing;

    public ITimerScheduler Timers { get; set; } = null!;

    public StreamSocket(IActorRef owner, DingTalkRestClient rest, ConnectionSettings settings)
    {
        _owner = owner;
        _rest = rest;
        _settings = settings;

        Receive<LinkOpened>(OnLinkOpened);
        Receive<LinkFailed>(OnLinkFailed);
        Receive<FrameArrived>(OnFrame);
        Receive<LinkClosed>(OnLinkClosed);
        Receive<AckCallback>(OnAck);
        Receive<CloseDrained>(c => Close(c.LinkId, "replaced after disconnect"));
        Receive<WatchdogTick>(_ => CheckSilence());
    }

    public static Props Props(IActorRef owner, DingTalkRestClient rest, ConnectionSettings settings) =>
        Akka.Actor.Props.Create(() => new StreamSocket(owner, rest, settings));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(WatchdogTick), WatchdogTick.Instance, _settings.WatchdogInterval);
        OpenLink();
    }

    protected override void PostStop()
    {
        _stopped.Cancel();
        foreach (var slot in _slots.Keys) slot.Dispose();
        foreach (var link in _links.Values)
            _ = link.CloseAsync("gateway stopping").ContinueWith(_ => link.DisposeAsync().AsTask(), TaskScheduler.Default);
        _links.Clear();
    }

    private void OpenLink()
    {
        var id = Interlocked.Increment(ref _nextLinkId);
        var ct = _stopped.Token;
        OpenAsync(ct).PipeTo(Self, success: c => new LinkOpened(id, c), failure: e => new LinkFailed(id, Describe(e)));
    }

    private async Task<StreamConnection> OpenAsync(CancellationToken ct)
    {
        StreamSubscription[] topics = _settings.CardCallbacks ? [StreamSubscription.RobotMessages, StreamSubscription.CardCallbacks] : [StreamSubscription.RobotMessages];
        var ticket = await _rest.OpenStreamAsync(topics, _settings.UserAgent, ct).ConfigureAwait(false);
        return await StreamConnection.ConnectAsync(ticket, _settings.Socket, ct).ConfigureAwait(false);
    }

    private void OnLinkOpened(LinkOpened opened)
    {
        _links[opened.LinkId] = opened.Connection;
        var previous = _active;
        _active = opened.LinkId;
        _replacing = false;
        StartReading(opened.LinkId, opened.Connection);
        _log.Info("connected to {0} (connection {1}){2}", opened.Connection.Endpoint, opened.LinkId,
            previous is { } old ? $", replacing connection {old}" : "");
        _owner.Tell(new Connected(opened.LinkId, opened.Connection.Endpoint));
        // The old socket may still carry acks for callbacks it delivered: let it finish, then close it.
        if (previous is { } drained)
            Timers.StartSingleTimer(("drain", drained), new CloseDrained(drained), _settings.DrainGrace);
    }

    private void OnLinkFailed(LinkFailed failed)
    {
        _replacing = false;
        if (_active is not null)
        {
            // The replacement failed but the old socket still works: keep it; the server will close it, and then we restart.
            _log.Warning("could not open a replacement connection ({0}); keeping connection {1} until the server closes it", failed.Reason, _active);
            return;
        }
        GoDown($"could not connect: {failed.Reason}");
    }

    private void StartReading(int linkId, StreamConnection connection)
    {
        var self = Self;
        var ct = _stopped.Token;
        var slots = _settings.InFlight;
        var held = _slots;
        Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in connection.ReadFramesAsync(ct).ConfigureAwait(false))
                {
                    // Pings, disconnects and malformed frames need no slot: they are answered at once.
                    CallbackSlot? slot = null;
                    if (frame is FrameParseResult.Parsed { Frame.IsRobotMessage: true })
                    {
                        // Nothing more is read until a slot frees: TCP then pushes back, DingTalk holds or redelivers.
                        slot = await slots.TakeAsync(ct).ConfigureAwait(false);
                        held.TryAdd(slot, 0);
                        slot.WhenFreed(s => held.TryRemove(s, out _));
                        // Stopped while waiting: PostStop may already have freed what it held, so free this one here.
                        if (ct.IsCancellationRequested) slot.Dispose();
                    }
                    self.Tell(new FrameArrived(linkId, frame, slot));
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped while waiting for a slot.
            }
            finally
            {
                self.Tell(new LinkClosed(linkId, connection.CloseReason ?? "closed"));
            }
        }, CancellationToken.None);
    }

    private void OnFrame(FrameArrived arrived)
    {
        if (!_links.TryGetValue(arrived.LinkId, out var link))
        {
            arrived.Slot?.Dispose();
            return;
        }
        switch (arrived.Frame)
        {
            case FrameParseResult.Malformed malformed:
                _log.Warning("dropped a malformed frame on connection {0}: {1}", arrived.LinkId, malformed.Reason);
                // Refuse it by id when we can, so DingTalk does not keep redelivering something we can never read.
                if (malformed.MessageId is { } id) Send(link, AckFrame.Rejected(id, "malformed frame"));
                break;
            case FrameParseResult.Parsed { Frame.IsPing: true } ping:
                Send(link, AckFrame.ForPing(ping.Frame));
                break;
            case FrameParseResult.Parsed { Frame.IsDisconnect: true } disconnect:
                OnDisconnect(arrived.LinkId, link, disconnect.Frame);
                break;
            case FrameParseResult.Parsed { Frame.IsRobotMessage: true } callback when arrived.Slot is { } slot:
                OnRobotCallback(arrived.LinkId, callback.Frame, slot);
                break;
            case FrameParseResult.Parsed { Frame.IsCardCallback: true } card when _settings.CardCallbacks && card.Frame.MessageId is { Length: > 0 } cardMessageId:
                _owner.Tell(new CardCallbackReceived(arrived.LinkId, cardMessageId, CardCallbackCodec.Parse(card.Frame.Data, out var problem), problem));
                break;
            case FrameParseResult.Parsed other:
                _log.Info("ignoring a {0} frame on topic '{1}' (not subscribed)", other.Frame.Type, other.Frame.Topic);
                if (other.Frame.MessageId is { } otherId)
                    Send(link, new AckFrame(AckFrame.NotFound, otherId, "topic not handled", "{\"response\":null}"));
                break;
        }
    }

    private void OnRobotCallback(int linkId, StreamFrame frame, CallbackSlot slot)
    {
        if (frame.MessageId is not { Length: > 0 } messageId)
        {
            _log.Warning("dropped a robot callback without a messageId on connection {0}", linkId);
            slot.Dispose();
            return;
        }
        // Parse is total (a typed refusal for anything it cannot read): nothing a sender writes can stop this actor.
        _owner.Tell(new CallbackReceived(linkId, messageId, RobotMessageCodec.Parse(frame.Data), slot));
    }

    private void OnDisconnect(int linkId, StreamConnection link, StreamFrame frame)
    {
        _log.Info("server asked connection {0} to disconnect ({1}): opening a new connection first", linkId, Truncate(frame.Data));
        if (frame.MessageId is { } id) Send(link, new AckFrame(AckFrame.Ok, id, "OK", "{\"response\":null}"));
        if (linkId == _active && !_replacing)
        {
            _replacing = true;
            OpenLink();
        }
    }

    private void OnAck(AckCallback ack)
    {
        if (_links.TryGetValue(ack.LinkId, out var link) && link.IsOpen)
            Send(link, new AckFrame(ack.Code, ack.MessageId, ack.Reason, "{\"response\":null}"));
        else
            _log.Info("connection {0} closed before message {1} could be acked; DingTalk will redeliver it", ack.LinkId, ack.MessageId);
    }

    private void Send(StreamConnection link, AckFrame ack)
    {
        var log = _log;
        link.SendAckAsync(ack, _stopped.Token).ContinueWith(t =>
        {
            if (t.IsFaulted) log.Info("ack for {0} not written: {1}", ack.MessageId, t.Exception!.GetBaseException().GetType().Name);
        }, TaskScheduler.Default);
    }

    private void OnLinkClosed(LinkClosed closed)
    {
        if (!_links.Remove(closed.LinkId, out var link)) return;
        _ = link.DisposeAsync();
        if (closed.LinkId != _active)
        {
            _log.Debug("old connection {0} closed: {1}", closed.LinkId, closed.Reason);
            return;
        }
        _active = null;
        if (_replacing)
        {
            _log.Info("connection {0} closed ({1}) while its replacement opens", closed.LinkId, closed.Reason);
            return;
        }
        GoDown($"connection {closed.LinkId} lost: {closed.Reason}");
    }

    private void CheckSilence()
    {
        if (_active is not { } id || !_links.TryGetValue(id, out var link)) return;
        var silent = DateTimeOffset.UtcNow - link.LastReceivedAt;
        if (silent <= _settings.SilenceLimit) return;
        _log.Warning("connection {0} silent for {1:0} s (limit {2:0} s): treating it as dead", id, silent.TotalSeconds, _settings.SilenceLimit.TotalSeconds);
        link.Abort($"silent for {silent.TotalSeconds:0} s");
    }

    private void Close(int linkId, string reason)
    {
        if (_links.TryGetValue(linkId, out var link) && linkId != _active)
            _ = link.CloseAsync(reason);
    }

    private void GoDown(string reason)
    {
        _log.Warning("{0}; reconnecting with backoff", reason);
        _owner.Tell(new Down(reason));
        Context.Stop(Self);
    }

    private static string Describe(Exception e) => e switch
    {
        DingTalkApiException api => api.Message,
        _ => e.GetType().Name,
    };

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private sealed record LinkOpened(int LinkId, StreamConnection Connection);

    private sealed record LinkFailed(int LinkId, string Reason);

    private sealed record FrameArrived(int LinkId, FrameParseResult Frame, CallbackSlot? Slot);

    // The read loop ends when the socket closes, often after this actor has stopped (Ctrl-C, a reconnect): its last
    // word is then for nobody, and is not worth a dead-letter line at every shutdown.
    private sealed record LinkClosed(int LinkId, string Reason) : IDeadLetterSuppression;

    private sealed record CloseDrained(int LinkId);

    private sealed record WatchdogTick
    {
        public static readonly WatchdogTick Instance = new();
    }
}
