using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using EdgeCrab.DingTalk.Rest;

namespace EdgeCrab.DingTalk.Stream;

/// <summary>
/// One stream websocket to DingTalk: reads frames (typed, never throwing on bad input), writes acks one at a time,
/// and remembers when it last heard from the server so a caller can spot a silent (zombie) connection.
/// </summary>
public sealed class StreamConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastReceivedTicks;

    private StreamConnection(ClientWebSocket socket, string endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
        Touch();
    }

    /// <summary>The endpoint dialled, without the ticket.</summary>
    public string Endpoint { get; }

    public DateTimeOffset LastReceivedAt => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Why the connection ended, once <see cref="ReadFramesAsync"/> has finished.</summary>
    public string? CloseReason { get; private set; }

    public static async Task<StreamConnection> ConnectAsync(StreamTicket ticket, StreamConnectionOptions options, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        var endpoint = ticket.Endpoint.GetLeftPart(UriPartial.Path);
        try
        {
            await socket.ConnectAsync(ticket.WebSocketUri, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            // The exception text can carry the URL and with it the ticket: report only what kind of failure it was.
            var reason = e is OperationCanceledException ? "timed out" : (e as WebSocketException)!.WebSocketErrorCode.ToString();
            throw new DingTalkApiException(DingTalkErrorKind.Unreachable, "stream websocket connect", $"could not open {endpoint} ({reason})");
        }
        return new StreamConnection(socket, endpoint);
    }

    /// <summary>Yields every frame until the server closes, the socket fails, or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<FrameParseResult> ReadFramesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                var (ok, type, oversize) = await ReadMessageAsync(buffer, message, ct).ConfigureAwait(false);
                if (!ok) yield break;
                Touch();
                if (oversize)
                    yield return new FrameParseResult.Malformed($"frame larger than {StreamFrameCodec.MaxFrameBytes} bytes");
                else if (type == WebSocketMessageType.Binary)
                    yield return new FrameParseResult.Malformed("binary frame (DingTalk sends text)");
                else
                    yield return StreamFrameCodec.ParseFrame(message.WrittenSpan);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(bool Ok, WebSocketMessageType Type, bool Oversize)> ReadMessageAsync(byte[] buffer, ArrayBufferWriter<byte> message, CancellationToken ct)
    {
        var oversize = false;
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                CloseReason ??= "closed by us";
                return (false, default, false);
            }
            catch (WebSocketException e)
            {
                CloseReason ??= _socket.State == WebSocketState.Aborted ? $"aborted ({e.WebSocketErrorCode}; no pong to our ping, or reset)" : $"socket error ({e.WebSocketErrorCode})";
                return (false, default, false);
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseReason ??= $"closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})".TrimEnd();
                return (false, default, false);
            }
            // Keep reading an oversized message to its end, but do not keep its bytes.
            if (!oversize && message.WrittenCount + result.Count > StreamFrameCodec.MaxFrameBytes)
                oversize = true;
            if (!oversize) message.Write(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage) return (true, result.MessageType, oversize);
        }
    }

    public Task SendAckAsync(AckFrame ack, CancellationToken ct) => SendTextAsync(StreamFrameCodec.WriteAck(ack), ct);

    private async Task SendTextAsync(string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        // A websocket allows one send at a time; acks come from many threads.
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes politely, giving up after a short while: a dead peer must not hold us.</summary>
    public async Task CloseAsync(string reason)
    {
        CloseReason ??= reason;
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason.Length > 100 ? reason[..100] : reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
        _socket.Abort();
    }

    /// <summary>Drops the socket at once (a zombie: nothing to say goodbye to).</summary>
    public void Abort(string reason)
    {
        CloseReason ??= reason;
        _socket.Abort();
    }

    private void Touch() => Interlocked.Exchange(ref _lastReceivedTicks, DateTimeOffset.UtcNow.UtcTicks);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
