using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>
/// A bare stream client that speaks DingTalk's protocol with the protocol library: it registers, connects, answers
/// SYSTEM pings, and acks callbacks unless told not to. Every frame it receives is kept for the test to read.
/// </summary>
public sealed class ProtocolClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<StreamFrame> _callbacks = Channel.CreateUnbounded<StreamFrame>();
    private readonly Channel<string> _malformed = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _reading = Task.CompletedTask;

    private ProtocolClient(bool autoAck) => AutoAck = autoAck;

    public bool AutoAck { get; set; }

    public bool AnswerPings { get; set; } = true;

    public int PingsReceived;

    public int DisconnectsReceived;

    /// <summary>The latest SYSTEM ping, so a test can answer it by hand.</summary>
    public StreamFrame? LastPing { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    public Task Reading => _reading;

    public ChannelReader<string> Malformed => _malformed.Reader;

    /// <summary>A subscription to card button callbacks, as a gateway streaming into cards adds it.</summary>
    public static readonly StreamSubscription CardCallbacks = new("CALLBACK", StreamTopics.CardCallback);

    /// <summary>Registers with <paramref name="subscriptions"/> (by default robot messages and all events) and connects.</summary>
    public static async Task<ProtocolClient> ConnectAsync(DingTalkEmulator emulator, bool autoAck = true, Action<ClientWebSocketOptions>? configure = null,
        IReadOnlyList<StreamSubscription>? subscriptions = null)
    {
        using var http = new HttpClient();
        var rest = new DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials);
        var ticket = await rest.OpenStreamAsync(subscriptions ?? [StreamSubscription.RobotMessages, StreamSubscription.AllEvents], "edgecrab-tests/1.0");
        return await ConnectAsync(ticket.WebSocketUri, autoAck, configure);
    }

    public static async Task<ProtocolClient> ConnectAsync(Uri webSocketUri, bool autoAck = true, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ProtocolClient(autoAck);
        configure?.Invoke(client._socket.Options);
        await client._socket.ConnectAsync(webSocketUri, CancellationToken.None);
        client._reading = Task.Run(client.ReadLoopAsync);
        return client;
    }

    public async Task<StreamFrame> NextCallbackAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultDeadline);
        return await _callbacks.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next callback, read as the gateway reads it; a callback that is not a robot message fails the test.</summary>
    public async Task<RobotMessage> NextRobotMessageAsync(TimeSpan? timeout = null) =>
        RobotMessageCodec.Parse((await NextCallbackAsync(timeout)).Data) switch
        {
            RobotMessageParseResult.Parsed parsed => parsed.Message,
            var other => throw new InvalidOperationException($"the callback is not a robot message: {other}"),
        };

    /// <summary>Callback frames that have arrived and that no one has taken with <see cref="NextCallbackAsync"/> yet.</summary>
    public int CallbacksWaiting => _callbacks.Reader.Count;

    public Task AckAsync(StreamFrame frame) => SendTextAsync(StreamFrameCodec.WriteAck(AckFrame.ForCallback(frame.MessageId!)));

    public async Task SendTextAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                await OnTextAsync(text);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _callbacks.Writer.TryComplete();
        }
    }

    private async Task OnTextAsync(string text)
    {
        switch (StreamFrameCodec.ParseFrame(text))
        {
            case FrameParseResult.Malformed:
                _malformed.Writer.TryWrite(text);
                break;
            case FrameParseResult.Parsed { Frame: var frame } when frame.IsPing:
                LastPing = frame;
                Interlocked.Increment(ref PingsReceived);
                if (AnswerPings) await SendTextAsync(StreamFrameCodec.WriteAck(AckFrame.ForPing(frame)));
                break;
            case FrameParseResult.Parsed { Frame: var frame } when frame.IsDisconnect:
                Interlocked.Increment(ref DisconnectsReceived);
                break;
            case FrameParseResult.Parsed { Frame: var frame } when frame.Type == StreamFrameType.Callback:
                if (AutoAck) await AckAsync(frame);
                _callbacks.Writer.TryWrite(frame);
                break;
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open) await CloseAsync();
        await _stop.CancelAsync();
        _socket.Abort();
        await _reading;
        _socket.Dispose();
        _stop.Dispose();
    }
}
