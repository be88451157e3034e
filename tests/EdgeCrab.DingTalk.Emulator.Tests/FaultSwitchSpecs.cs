using System.Net.WebSockets;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>Every switch of POST /_emulator/faults does what it says.</summary>
public sealed class FaultSwitchSpecs
{
    private static readonly EmulatorOptions Fast = new()
    {
        PingInterval = TimeSpan.FromSeconds(30),
        RedeliverAfter = TimeSpan.FromSeconds(30),
        DisconnectGrace = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task DropConnections_should_cut_every_socket_and_empty_the_connection_list()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var a = await ProtocolClient.ConnectAsync(emulator);
        await using var b = await ProtocolClient.ConnectAsync(emulator);
        await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 2, "two connections");

        await api.FaultsAsync(new { dropConnections = true });

        await Task.WhenAll(a.Reading, b.Reading).WaitAsync(Eventually.DefaultDeadline);
        Assert.Empty(await api.ConnectionsAsync());
    }

    [Fact]
    public async Task SendDisconnect_should_send_a_SYSTEM_disconnect_and_close_after_the_grace_period()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 1, "the connection");

        await api.FaultsAsync(new { sendDisconnect = true });

        await Eventually.True(() => Task.FromResult(client.DisconnectsReceived == 1), "the disconnect frame");
        await client.Reading.WaitAsync(Eventually.DefaultDeadline);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Draining_connection_should_get_nothing_new_while_another_client_takes_over()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { DisconnectGrace = TimeSpan.FromSeconds(30), PingInterval = TimeSpan.FromMilliseconds(100) });
        using var api = new EmulatorApi(emulator);
        await using var old = await ProtocolClient.ConnectAsync(emulator);
        await api.FaultsAsync(new { sendDisconnect = true });
        await Eventually.True(() => Task.FromResult(old.DisconnectsReceived == 1), "the disconnect frame");
        await using var fresh = await ProtocolClient.ConnectAsync(emulator);

        await api.DirectAsync("cidDm1", "manager001", "after rotation");

        await fresh.NextCallbackAsync();
        // A draining socket is still pinged, and a socket delivers in order: pings sent after the push show that
        // anything the push had sent to the old socket would have arrived before them.
        var pings = Volatile.Read(ref old.PingsReceived);
        await Eventually.True(() => Volatile.Read(ref old.PingsReceived) >= pings + 2, "two more pings on the draining socket");
        Assert.Equal(0, old.CallbacksWaiting);
    }

    [Fact]
    public async Task RedeliverAfterMs_should_change_the_redelivery_delay()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);
        await api.FaultsAsync(new { redeliverAfterMs = 100 });

        var msgId = await api.DirectAsync("cidDm1", "manager001", "again?");
        var first = await client.NextCallbackAsync();
        var second = await client.NextCallbackAsync();

        Assert.Equal(first.Data, second.Data);
        Assert.True((await api.CallbackAsync(msgId)).Deliveries >= 2);
    }

    [Fact]
    public async Task DuplicateNext_should_push_the_next_callback_twice_even_when_acked()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        await api.FaultsAsync(new { duplicateNext = true });

        var msgId = await api.DirectAsync("cidDm1", "manager001", "twice");
        var first = await client.NextCallbackAsync();
        var second = await client.NextCallbackAsync();
        await api.DirectAsync("cidDm1", "manager001", "once");
        var third = await client.NextCallbackAsync();

        Assert.Equal(first.Data, second.Data);
        Assert.DoesNotContain(msgId, third.Data);
        await Eventually.True(async () => await api.CallbackAsync(msgId) == (2, true), "two deliveries, acked");
    }

    [Fact]
    public async Task MalformedFrameNext_should_send_a_malformed_frame_before_the_real_one()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        await api.FaultsAsync(new { malformedFrameNext = 3 });

        for (var i = 0; i < 3; i++)
        {
            var msgId = await api.DirectAsync("cidDm1", "manager001", $"m{i}");
            Assert.Contains(msgId, (await client.NextCallbackAsync()).Data);
            Assert.IsType<FrameParseResult.Malformed>(StreamFrameCodec.ParseFrame(await client.Malformed.ReadAsync()));
        }
    }

    [Fact]
    public async Task RateLimitNext_should_answer_the_next_business_call_with_DingTalks_QPS_error_once()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await api.DirectAsync("cidDm1", "manager001", "hi");
        var token = await api.TokenAsync();
        await api.FaultsAsync(new { rateLimitNext = true });
        var body = """{"robotCode":"ROBOT","userIds":["manager001"],"msgKey":"sampleText","msgParam":"{\"content\":\"x\"}"}""".Replace("ROBOT", emulator.RobotCode);

        var (status, error) = await api.PostRawAsync("v1.0/robot/oToMessages/batchSend", body, token);
        var (again, _) = await api.PostRawAsync("v1.0/robot/oToMessages/batchSend", body, token);

        Assert.Equal(403, status);
        Assert.Equal("Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", error["code"]!.GetValue<string>());
        Assert.NotNull(error["requestid"]);
        Assert.Equal(200, again);
    }

    [Fact]
    public async Task ServerErrorNext_should_answer_500_once()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await api.GroupAsync("cidGroup1", "manager001", "hi");
        var token = await api.TokenAsync();
        await api.FaultsAsync(new { serverErrorNext = 1 });
        var body = """{"robotCode":"ROBOT","openConversationId":"cidGroup1","msgKey":"sampleText","msgParam":"{\"content\":\"x\"}"}""".Replace("ROBOT", emulator.RobotCode);

        var (status, _) = await api.PostRawAsync("v1.0/robot/groupMessages/send", body, token);
        var (again, _) = await api.PostRawAsync("v1.0/robot/groupMessages/send", body, token);

        Assert.Equal(500, status);
        Assert.Equal(200, again);
    }

    [Fact]
    public async Task ExpireTokens_should_refuse_old_tokens_and_issue_a_new_one()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await api.GroupAsync("cidGroup1", "manager001", "hi");
        var token = await api.TokenAsync();
        Assert.Equal(token, await api.TokenAsync());

        await api.FaultsAsync(new { expireTokens = true });
        var body = """{"robotCode":"ROBOT","openConversationId":"cidGroup1","msgKey":"sampleText","msgParam":"{\"content\":\"x\"}"}""".Replace("ROBOT", emulator.RobotCode);
        var (status, error) = await api.PostRawAsync("v1.0/robot/groupMessages/send", body, token);
        var fresh = await api.TokenAsync();

        Assert.Equal(400, status);
        Assert.Equal("InvalidAuthentication", error["code"]!.GetValue<string>());
        Assert.NotEqual(token, fresh);
    }

    [Fact]
    public async Task RejectConnectionsNext_should_answer_connections_open_with_a_5xx_once()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var http = new HttpClient();
        var rest = new DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials);
        using var api = new EmulatorApi(emulator);
        await api.FaultsAsync(new { rejectConnectionsNext = true });

        var error = await Assert.ThrowsAsync<DingTalkApiException>(() => rest.OpenStreamAsync([StreamSubscription.RobotMessages], "t"));
        var ticket = await rest.OpenStreamAsync([StreamSubscription.RobotMessages], "t");

        Assert.Equal(DingTalkErrorKind.ServerError, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.False(string.IsNullOrEmpty(ticket.Ticket));
    }

    [Fact]
    public async Task WebhookLifetimeMs_should_make_later_session_webhooks_expire_sooner()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        await api.FaultsAsync(new { webhookLifetimeMs = 0 });

        await api.DirectAsync("cidDm1", "manager001", "hi");
        var message = await client.NextRobotMessageAsync();
        var (status, body) = await api.PostRawAsync(message.SessionWebhook!, """{"msgtype":"text","text":{"content":"late"}}""");

        Assert.Equal(message.CreateAt, message.SessionWebhookExpiredTime);
        Assert.Equal(200, status);
        Assert.Equal(300001, body["errcode"]!.GetValue<int>());
        Assert.Empty(await api.RobotMessagesAsync("cidDm1"));
    }

    [Fact]
    public async Task CardRefuseNext_should_answer_200_with_a_failed_deliver_result_and_show_no_card()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await api.GroupAsync("cidGroup1", "manager001", "hi");
        var token = await api.TokenAsync();
        await api.FaultsAsync(new { cardRefuseNext = true });

        var (status, body) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver",
            CardSpecs.CreateBody("card-1", "dtv1.card//IM_GROUP.cidGroup1", emulator.RobotCode), token);

        Assert.Equal(200, status);
        Assert.False(body["result"]!["deliverResults"]![0]!["success"]!.GetValue<bool>());
        Assert.Empty(await api.RobotMessagesAsync("cidGroup1"));
    }

    [Fact]
    public async Task RefuseSendsContaining_should_refuse_matching_robot_messages_on_every_path_until_cleared()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        await api.DirectAsync("cidDm1", "manager001", "hi");
        var message = await client.NextRobotMessageAsync();
        var token = await api.TokenAsync();
        static string Batch(string robotCode, string content) =>
            $$"""{"robotCode":"{{robotCode}}","userIds":["manager001"],"msgKey":"sampleText","msgParam":"{\"content\":\"{{content}}\"}"}""";
        await api.FaultsAsync(new { refuseSendsContaining = "POISON" });

        var (webhookStatus, webhookBody) = await api.PostRawAsync(message.SessionWebhook!, """{"msgtype":"text","text":{"content":"a POISON b"}}""");
        var (robotStatus, robotBody) = await api.PostRawAsync("v1.0/robot/oToMessages/batchSend", Batch(emulator.RobotCode, "x POISON y"), token);
        var (cleanStatus, _) = await api.PostRawAsync(message.SessionWebhook!, """{"msgtype":"text","text":{"content":"clean"}}""");
        await api.FaultsAsync(new { refuseSendsContaining = (string?)null });
        var (clearedStatus, clearedBody) = await api.PostRawAsync(message.SessionWebhook!, """{"msgtype":"text","text":{"content":"a POISON b"}}""");

        Assert.Equal(200, webhookStatus);
        Assert.Equal(40035, webhookBody["errcode"]!.GetValue<int>());
        Assert.Equal(400, robotStatus);
        Assert.Equal("invalidParameter.msgParam.invalid", robotBody["code"]!.GetValue<string>());
        Assert.Equal(200, cleanStatus);
        Assert.Equal(200, clearedStatus);
        Assert.Equal(0, clearedBody["errcode"]!.GetValue<int>());
        Assert.Equal(["clean", "a POISON b"], (await api.RobotMessagesAsync("cidDm1")).Select(m => m!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_fault_or_wrong_type_should_be_refused_with_400()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);

        var (unknown, body) = await api.PostRawAsync("_emulator/faults", """{"explode":true}""");
        var (wrongType, _) = await api.PostRawAsync("_emulator/faults", """{"rateLimitNext":"yes"}""");

        Assert.Equal(400, unknown);
        Assert.Contains("explode", body["error"]!.GetValue<string>());
        Assert.Equal(400, wrongType);
    }
}
