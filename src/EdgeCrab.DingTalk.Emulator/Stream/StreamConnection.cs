using System.Net.WebSockets;
using System.Text;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>One connected stream client: its socket (one writer at a time), its subscriptions, and its ping record.</summary>
internal sealed class StreamConnection(WebSocket socket, HttpContext context, IReadOnlySet<string> callbackTopics, string? userAgent, DateTimeOffset connectedAt)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _draining;
    private int _finished;

    public string Id { get; } = Guid.NewGuid().ToString();
    public WebSocket Socket => socket;
    public string? UserAgent => userAgent;
    public DateTimeOffset ConnectedAt => connectedAt;
    public IReadOnlySet<string> CallbackTopics => callbackTopics;
    public PingTracker Pings { get; } = new();

    /// <summary>Set once a SYSTEM disconnect was sent: nothing new is pushed to it afterwards.</summary>
    public bool Draining => Volatile.Read(ref _draining) == 1;

    public bool IsOpen => socket.State == WebSocketState.Open;

    public bool Takes(string topic) => IsOpen && !Draining && callbackTopics.Contains(topic);

    public bool StartDraining() => Interlocked.Exchange(ref _draining, 1) == 0;

    /// <summary>Sends one text frame; false when the socket is gone (the caller tries elsewhere).</summary>
    public async Task<bool> SendAsync(string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        try
        {
            if (socket.State != WebSocketState.Open) return false;
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes with a status, bounded in time; a client that does not answer the close is cut off.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Abort();
        }
    }

    /// <summary>Drops the TCP connection without a close frame, as a network failure would.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        try
        {
            socket.Abort();
            context.Abort();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The request ended meanwhile: the connection is already gone.
        }
    }

    /// <summary>Called when the request ends: Kestrel recycles its HttpContext, which must not be touched afterwards.</summary>
    public void Finish() => Interlocked.Exchange(ref _finished, 1);
}
