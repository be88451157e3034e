using System.Collections.Concurrent;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>
/// A tiny robot for tests: a real stream client that acks every callback and answers through the session webhook
/// with the protocol library's REST client. Replies "echo: &lt;text&gt;", or a long markdown answer for "markdown".
/// A picture, file or rich text picture is downloaded as a real robot would, and answered with what came:
/// "got picture: &lt;n&gt; bytes of image/png".
/// </summary>
public sealed class EchoRobot : IAsyncDisposable
{
    public const string MarkdownAnswer = """
        Here is **the plan**, with `inline code` and [a link](https://example.com):

        ```csharp
        var answer = 6 * 7;
        Console.WriteLine($"<b>{answer}</b>");
        ```

        That is all.
        """;

    private readonly ProtocolClient _client;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly DingTalkRestClient _rest;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _robotCode;

    private EchoRobot(DingTalkEmulator emulator, ProtocolClient client)
    {
        _client = client;
        _robotCode = emulator.RobotCode;
        _rest = new DingTalkRestClient(_http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials);
        _loop = Task.Run(RunAsync);
    }

    public static async Task<EchoRobot> StartAsync(DingTalkEmulator emulator) =>
        new(emulator, await ProtocolClient.ConnectAsync(emulator, autoAck: true));

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            StreamFrame frame;
            try
            {
                frame = await _client.NextCallbackAsync(Timeout.InfiniteTimeSpan).WaitAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
            if (RobotMessageCodec.Parse(frame.Data) is not RobotMessageParseResult.Parsed { Message: var message }) continue;
            var reply = DownloadCodeOf(message.Content) is { } downloadCode
                ? new OutgoingText(await DescribeDownloadAsync(message.MsgType, downloadCode))
                : Answer(message.Content is TextContent t ? MentionStripper.Strip(t.Content) : $"({message.MsgType})");
            await SendAsync(message.SessionWebhook!, reply);
        }
    }

    /// <summary>The reply sends that failed three times: a failed send must not end the robot's loop, or every later message goes unanswered.</summary>
    public ConcurrentQueue<string> FailedSends { get; } = new();

    private async Task SendAsync(string webhook, OutgoingMessage reply)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _rest.SendBySessionWebhookAsync(webhook, reply);
                return;
            }
            catch (Exception e) when (e is DingTalkApiException or HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                if (attempt == 3)
                {
                    FailedSends.Enqueue($"{e.GetType().Name}: {e.Message}");
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private static OutgoingMessage Answer(string text) =>
        text == "markdown" ? new OutgoingMarkdown("plan", MarkdownAnswer) : new OutgoingText("echo: " + text);

    private static string? DownloadCodeOf(RobotMessageContent content) => content switch
    {
        PictureContent p => p.DownloadCode,
        FileContent f => f.DownloadCode,
        RichTextContent r => r.Items.FirstOrDefault(i => i.Type == "picture")?.DownloadCode,
        _ => null,
    };

    private async Task<string> DescribeDownloadAsync(string msgtype, string downloadCode)
    {
        try
        {
            var file = await _rest.DownloadMessageFileAsync(_robotCode, downloadCode, maxBytes: 1024 * 1024);
            return $"got {msgtype}: {file.Bytes.Length} bytes of {file.MediaType}";
        }
        catch (DingTalkApiException e)
        {
            return $"could not download the {msgtype}: {e.Kind}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _client.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
