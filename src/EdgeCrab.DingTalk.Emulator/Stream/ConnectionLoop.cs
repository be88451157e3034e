using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>Runs one accepted stream socket: reads the client's frames (bounded in size) and sends SYSTEM pings until it closes.</summary>
internal sealed class ConnectionLoop(StreamHub hub, PushFrames frames, EmulatorOptions options, TimeProvider clock, ILogger<ConnectionLoop> log)
{
    public async Task RunAsync(StreamConnection connection, CancellationToken requestAborted)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, hub.Stopping);
        hub.Add(connection);
        var pinging = PingAsync(connection, done.Token);
        try
        {
            await ReceiveAsync(connection, done.Token).ConfigureAwait(false);
        }
        finally
        {
            connection.Finish();
            hub.Remove(connection);
            await done.CancelAsync().ConfigureAwait(false);
            await pinging.ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(StreamConnection connection, CancellationToken ct)
    {
        var socket = connection.Socket;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        using var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                    return;
                }
                if (message.Length + result.Count > options.MaxInboundFrameBytes)
                {
                    log.LogWarning("stream client {ConnectionId} sent a frame over {Limit} bytes; closing with 1009", connection.Id, options.MaxInboundFrameBytes);
                    await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig, "frame too large").ConfigureAwait(false);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                if (result.MessageType == WebSocketMessageType.Binary)
                    log.LogWarning("stream client {ConnectionId} sent a binary frame; DingTalk only reads text frames", connection.Id);
                else
                    hub.OnClientText(connection, DecodeOrEmpty(message));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away or the emulator stops: both end this connection quietly.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string DecodeOrEmpty(MemoryStream message)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(message.GetBuffer(), 0, (int)message.Length);
        }
        catch (DecoderFallbackException)
        {
            return "";
        }
    }

    private async Task PingAsync(StreamConnection connection, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(options.PingInterval, clock);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var messageId = frames.NewMessageId();
                var data = "{\"opaque\":\"" + Guid.NewGuid() + "\"}";
                connection.Pings.Record(messageId, data);
                if (!await connection.SendAsync(frames.Ping(messageId, data), ct).ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
