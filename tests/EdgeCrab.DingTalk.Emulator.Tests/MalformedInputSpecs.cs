using System.Net.WebSockets;
using System.Text;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>Bad input anywhere gets a clear 4xx and never hurts the emulator.</summary>
public sealed class MalformedInputSpecs
{
    public static TheoryData<string, string> BadBodies()
    {
        var data = new TheoryData<string, string>();
        string[] paths =
        [
            "v1.0/oauth2/accessToken", "v1.0/gateway/connections/open", "_emulator/inbound", "_emulator/inbound/raw", "_emulator/faults", "_emulator/load",
        ];
        string[] bodies =
        [
            "not json", "", "[1,2,3]", "\"text\"", "{\"conversationType\":1,\"clientId\":5,\"appKey\":[],\"messages\":\"many\",\"dropConnections\":\"yes\"}",
            "{\"a\":" + new string('[', 200) + new string(']', 200) + "}",
        ];
        foreach (var path in paths)
            foreach (var body in bodies)
                data.Add(path, body);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_body_should_get_a_clear_4xx_JSON_error(string path, string body)
    {
        var log = new RecordingLogger();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { LoggerFactory = log.Factory() });
        using var api = new EmulatorApi(emulator);

        var (status, error) = await api.PostRawAsync(path, body);

        Assert.InRange(status, 400, 499);
        Assert.True(error["error"] is not null || error["code"] is not null || error["errcode"] is not null, error.ToJsonString());
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Logs_should_never_carry_the_secret_tickets_or_sessions()
    {
        var log = new RecordingLogger();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { LoggerFactory = log.Factory() });
        using var api = new EmulatorApi(emulator);
        await using var robot = await EchoRobot.StartAsync(emulator);

        await api.Http.GetStringAsync($"gettoken?appkey={emulator.Credentials.AppKey}&appsecret={Uri.EscapeDataString(emulator.Credentials.AppSecret)}");
        await api.DirectAsync("cidDm1", "manager001", "hello");
        await Eventually.True(async () => (await api.RobotMessagesAsync("cidDm1")).Count == 1, "the echo");

        Assert.NotEmpty(log.Entries);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(emulator.Credentials.AppSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("ticket=", StringComparison.Ordinal) || e.Message.Contains("session=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v1.0/robot/oToMessages/batchSend")]
    [InlineData("v1.0/robot/groupMessages/send")]
    [InlineData("v1.0/card/instances/createAndDeliver")]
    public async Task Malformed_business_body_should_get_a_4xx_with_a_valid_token(string path)
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var token = await api.TokenAsync();

        foreach (var body in new[] { "{{", "[]", "{\"robotCode\":7,\"userIds\":\"u\",\"outTrackId\":{}}" })
        {
            var (status, error) = await api.PostRawAsync(path, body, token);
            Assert.InRange(status, 400, 499);
            Assert.NotNull(error["code"]);
        }
    }

    [Fact]
    public async Task Oversized_body_should_get_413_JSON()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { MaxRequestBytes = 4096 });
        using var api = new EmulatorApi(emulator);

        var (status, error) = await api.PostRawAsync("_emulator/inbound", "{\"text\":\"" + new string('x', 10_000) + "\"}");

        Assert.Equal(413, status);
        Assert.NotNull(error["error"]);
    }

    [Fact]
    public async Task Unknown_path_should_get_404_JSON()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, error) = await api.PostRawAsync("v1.0/nothing/here", "{}");

        Assert.Equal(404, status);
        Assert.NotNull(error["code"]);
    }

    [Fact]
    public async Task Malformed_client_frames_should_be_ignored_without_closing_the_socket()
    {
        var log = new RecordingLogger();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { LoggerFactory = log.Factory() });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        await client.SendTextAsync("not json at all");
        await client.SendTextAsync("{\"code\":200}");
        await client.SendTextAsync("{\"code\":\"200\",\"headers\":{\"messageId\":5}}");
        await client.SendTextAsync("[]");
        await client.SendBytesAsync([0xff, 0xfe, 0x00], WebSocketMessageType.Binary);
        await client.SendTextAsync(StreamFrameCodec.WriteAck(new AckFrame(200, "unknown-message-id", "OK", "")));

        var msgId = await api.DirectAsync("cidDm1", "manager001", "still there?");
        Assert.Contains(msgId, (await client.NextCallbackAsync()).Data);
        await Eventually.True(async () => (await api.CallbackAsync(msgId)).Acked, "the ack");
        Assert.True(log.Entries.Count(e => e.Message.Contains("malformed frame", StringComparison.Ordinal)) >= 4, "malformed frames were not logged");
        Assert.Contains(log.Entries, e => e.Message.Contains("binary frame", StringComparison.Ordinal));
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Oversized_client_frame_should_close_the_socket_with_1009()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { MaxInboundFrameBytes = 1024 });
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        await client.SendTextAsync("{\"code\":200,\"data\":\"" + new string('x', 4096) + "\"}");

        await client.Reading.WaitAsync(Eventually.DefaultDeadline);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task Plain_HTTP_request_with_a_valid_ticket_should_get_400_and_keep_the_ticket_usable()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var http = new HttpClient();
        var rest = new EdgeCrab.DingTalk.Rest.DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials);
        var ticket = await rest.OpenStreamAsync([EdgeCrab.DingTalk.Rest.StreamSubscription.RobotMessages], "t");

        using var response = await http.GetAsync(new UriBuilder(ticket.WebSocketUri) { Scheme = "http" }.Uri);
        await using var client = await ProtocolClient.ConnectAsync(ticket.WebSocketUri);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("websocket", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
