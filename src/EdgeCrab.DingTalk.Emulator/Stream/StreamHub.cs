using System.Collections.Concurrent;
using System.Net.WebSockets;
using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Stream;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>
/// The connected stream clients and the robot callbacks for them: each push goes to one client at random, unacked
/// pushes are repeated after the redelivery delay, and pushes made while nobody is connected wait for a client.
/// </summary>
internal sealed class StreamHub : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, StreamConnection> _connections = new(StringComparer.Ordinal);
    private readonly CallbackLedger _ledger;
    private readonly PushFrames _frames;
    private readonly FaultSwitches _faults;
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _redeliveryLoop;
    private int _disposed;

    public StreamHub(CallbackLedger ledger, PushFrames frames, FaultSwitches faults, EmulatorOptions options, TimeProvider clock, ILogger<StreamHub> log)
    {
        _ledger = ledger;
        _frames = frames;
        _faults = faults;
        _options = options;
        _clock = clock;
        _log = log;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _redeliveryLoop = Task.Run(RedeliverLoopAsync);
    }

    public CancellationToken Stopping => _stopping.Token;

    public IReadOnlyCollection<StreamConnection> Connections => _connections.Values.ToArray();

    public void Add(StreamConnection connection)
    {
        _connections[connection.Id] = connection;
        _log.LogInformation("stream client {ConnectionId} connected ({UserAgent})", connection.Id, connection.UserAgent);
        // Held callbacks go out now rather than at the next tick.
        _ = Task.Run(PumpAsync);
    }

    public void Remove(StreamConnection connection)
    {
        if (_connections.TryRemove(connection.Id, out _))
            _log.LogInformation("stream client {ConnectionId} disconnected", connection.Id);
    }

    /// <summary>Records a callback and pushes it to a client now if one is connected.</summary>
    public async Task PushAsync(PendingCallback callback)
    {
        _ledger.Add(callback);
        if (_ledger.TryClaim(callback, _clock.GetUtcNow(), _faults.RedeliverAfter, _options.MaxDeliveries))
            await DeliverAsync(callback).ConfigureAwait(false);
    }

    /// <summary>Handles what a client wrote: an ack of a callback or of a ping. Anything else is logged and ignored.</summary>
    public void OnClientText(StreamConnection connection, string text)
    {
        switch (StreamFrameCodec.ParseAck(text))
        {
            case AckParseResult.Malformed malformed:
                _log.LogWarning("stream client {ConnectionId} sent a malformed frame: {Reason}", connection.Id, malformed.Reason);
                break;
            case AckParseResult.Parsed { Ack: var ack }:
                if (connection.Pings.TryAnswer(ack.MessageId, ack.Code, ack.Data)) break;
                if (_ledger.Ack(ack.MessageId, ack.Code, _clock.GetUtcNow()) is null)
                    _log.LogDebug("stream client {ConnectionId} acked unknown messageId {MessageId}", connection.Id, ack.MessageId);
                break;
        }
    }

    /// <summary>The sendDisconnect fault and DingTalk's rotation: a SYSTEM disconnect, then a close after the grace period.</summary>
    public async Task DisconnectAllAsync()
    {
        foreach (var connection in _connections.Values)
        {
            if (!connection.StartDraining()) continue;
            await connection.SendAsync(_frames.Disconnect(_frames.NewMessageId()), _stopping.Token).ConfigureAwait(false);
            _ = CloseAfterGraceAsync(connection);
        }
    }

    /// <summary>The dropConnections fault: every socket cut without a close frame.</summary>
    public void DropAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
            Remove(connection);
        }
    }

    private async Task CloseAfterGraceAsync(StreamConnection connection)
    {
        try
        {
            await Task.Delay(_options.DisconnectGrace, _clock, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (connection.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            _log.LogInformation("closing stream client {ConnectionId}: it did not close after disconnect", connection.Id);
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "connection is expired").ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        var due = _ledger.ClaimDue(_clock.GetUtcNow(), _faults.RedeliverAfter, _options.MaxDeliveries);
        foreach (var callback in due)
            await DeliverAsync(callback).ConfigureAwait(false);
    }

    private async Task DeliverAsync(PendingCallback callback)
    {
        var target = Pick(callback.Topic);
        if (target is null)
        {
            _ledger.Release(callback, drop: !_options.HoldWhileDisconnected);
            return;
        }
        if (callback.Deliveries > 0 && _options.FreshMessageIdOnRedelivery)
            _ledger.Rename(callback, _frames.NewMessageId());
        if (callback.MalformedFirst)
        {
            callback.MalformedFirst = false;
            await target.SendAsync(_frames.Malformed(callback.Topic), _stopping.Token).ConfigureAwait(false);
        }
        var frame = _frames.Callback(callback, target);
        if (!await target.SendAsync(frame, _stopping.Token).ConfigureAwait(false))
        {
            _ledger.Release(callback);
            return;
        }
        var pushes = 1;
        if (callback.Duplicate)
        {
            callback.Duplicate = false;
            if (await target.SendAsync(frame, _stopping.Token).ConfigureAwait(false)) pushes++;
        }
        _ledger.Delivered(callback, _clock.GetUtcNow(), pushes);
    }

    private StreamConnection? Pick(string topic)
    {
        // In connection order, so that a seeded emulator picks the same clients run after run.
        var candidates = _connections.Values.Where(c => c.Takes(topic)).OrderBy(c => c.ConnectedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
        if (candidates.Length == 0) return null;
        lock (_random) return candidates[_random.Next(candidates.Length)];
    }

    private async Task RedeliverLoopAsync()
    {
        using var timer = new PeriodicTimer(Tick, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await PumpAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.LogError(e, "redelivery pass failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Idempotent: the emulator stops the hub early (to cut sockets) and the container disposes it again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var connection in _connections.Values) connection.Abort();
        _connections.Clear();
        await _redeliveryLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
