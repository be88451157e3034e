using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>Robot callbacks over the stream websocket: frames, acks, redelivery, holding, sharing, pings.</summary>
public sealed class StreamDeliverySpecs
{
    private static readonly EmulatorOptions Fast = new()
    {
        PingInterval = TimeSpan.FromMilliseconds(200),
        RedeliverAfter = TimeSpan.FromMilliseconds(300),
        MaxDeliveries = 3,
    };

    [Fact]
    public async Task Connected_client_should_receive_a_callback_frame_with_DingTalks_headers()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "hello");
        var frame = await client.NextCallbackAsync();

        Assert.Equal(StreamFrameType.Callback, frame.Type);
        Assert.Equal("1.0", frame.SpecVersion);
        Assert.Equal(StreamTopics.RobotMessage, frame.Topic);
        foreach (var header in new[] { "appId", "connectionId", "contentType", "messageId", "time", "topic" })
            Assert.False(string.IsNullOrEmpty(frame.Headers.GetValueOrDefault(header)), $"header {header} missing");
        Assert.True(long.TryParse(frame.Headers["time"], out _));
        var message = Assert.IsType<RobotMessageParseResult.Parsed>(RobotMessageCodec.Parse(frame.Data)).Message;
        Assert.Equal(msgId, message.MsgId);
        Assert.Equal("hello", Assert.IsType<TextContent>(message.Content).Content);
        Assert.Equal(ConversationType.Direct, message.ConversationType);
        Assert.False(message.IsInAtList);
        Assert.Equal(emulator.RobotCode, message.RobotCode);
        Assert.StartsWith(emulator.BaseUri + "robot/sendBySession?session=", message.SessionWebhook);
        Assert.Equal(message.CreateAt + (long)TimeSpan.FromMinutes(90).TotalMilliseconds, message.SessionWebhookExpiredTime);
    }

    [Fact]
    public async Task Group_message_at_the_robot_should_list_the_robot_and_keep_DingTalks_leading_space()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        await api.GroupAsync("cidGroup1", "user002", "what's up");
        var message = await client.NextRobotMessageAsync();

        Assert.Equal(ConversationType.Group, message.ConversationType);
        Assert.Equal("Team group", message.ConversationTitle);
        Assert.True(message.IsInAtList);
        Assert.Contains(message.AtUsers, a => a.DingtalkId == message.ChatbotUserId);
        Assert.Equal(" what's up", ((TextContent)message.Content).Content);
    }

    [Theory]
    [InlineData("picture")]
    [InlineData("audio")]
    [InlineData("file")]
    [InlineData("richText")]
    [InlineData("video")]
    public async Task Inbound_of_another_msgtype_should_push_plausible_content(string msgtype)
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        await api.InboundAsync(new { conversationType = "1", conversationId = "cidDm2", senderStaffId = "user002", text = "spoken words", msgtype });
        var message = await client.NextRobotMessageAsync();

        Assert.Equal(msgtype, message.MsgType);
        switch (message.Content)
        {
            case PictureContent p: Assert.NotNull(p.DownloadCode); break;
            case AudioContent a: Assert.Equal("spoken words", a.Recognition); break;
            case FileContent f: Assert.NotNull(f.FileName); break;
            case RichTextContent r: Assert.Equal("spoken words", r.PlainText); break;
            case VideoContent v: Assert.Equal("mp4", v.VideoType); break;
            default: Assert.Fail($"unexpected content {message.Content}"); break;
        }
    }

    [Fact]
    public async Task Acked_callback_should_be_marked_acked_and_not_redelivered()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "hi");
        await client.AckAsync(await client.NextCallbackAsync());

        var (deliveries, _) = await Eventually.Get(() => api.CallbackAsync(msgId), s => s.Acked, "the ack to be recorded");
        await RedeliveryDelayPassedAsync(api);
        Assert.Equal((deliveries, true), await api.CallbackAsync(msgId));
    }

    [Fact]
    public async Task Unacked_callback_should_be_redelivered_with_the_same_msgId_up_to_the_limit()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "hi");
        var frames = new[] { await client.NextCallbackAsync(), await client.NextCallbackAsync(), await client.NextCallbackAsync() };

        Assert.All(frames, f => Assert.Contains(msgId, f.Data));
        Assert.Single(frames.Select(f => f.MessageId).Distinct());
        await RedeliveryDelayPassedAsync(api);
        Assert.Equal((3, false), await api.CallbackAsync(msgId));
    }

    [Fact]
    public async Task Late_ack_should_stop_redelivery()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { MaxDeliveries = 10 });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "hi");
        await client.NextCallbackAsync();
        var second = await client.NextCallbackAsync();
        await client.AckAsync(second);

        await Eventually.True(async () => (await api.CallbackAsync(msgId)).Acked, "the late ack");
        var deliveries = (await api.CallbackAsync(msgId)).Deliveries;
        await RedeliveryDelayPassedAsync(api);
        Assert.Equal(deliveries, (await api.CallbackAsync(msgId)).Deliveries);
    }

    [Fact]
    public async Task Messages_written_while_nobody_is_connected_should_be_delivered_on_connect()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);

        var first = await api.DirectAsync("cidDm1", "manager001", "one");
        var second = await api.DirectAsync("cidDm1", "manager001", "two");
        Assert.Equal((0, false), await api.CallbackAsync(first));

        await using var client = await ProtocolClient.ConnectAsync(emulator);
        var received = new[] { await client.NextCallbackAsync(), await client.NextCallbackAsync() };

        Assert.Contains(received, f => f.Data.Contains(first, StringComparison.Ordinal));
        Assert.Contains(received, f => f.Data.Contains(second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Held_messages_should_be_dropped_when_holding_is_switched_off()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { HoldWhileDisconnected = false });
        using var api = new EmulatorApi(emulator);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "lost");
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        // A callback held for the client would have been pushed in the first pass after it connected.
        await RedeliveryDelayPassedAsync(api);
        Assert.Equal((0, false), await api.CallbackAsync(msgId));
    }

    [Fact]
    public async Task Two_clients_should_share_the_callbacks()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { Seed = 7 });
        using var api = new EmulatorApi(emulator);
        await using var a = await ProtocolClient.ConnectAsync(emulator);
        await using var b = await ProtocolClient.ConnectAsync(emulator);
        await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 2, "two connections");

        var ids = new List<string>();
        for (var i = 0; i < 40; i++) ids.Add(await api.DirectAsync("cidDm1", "manager001", $"m{i}"));
        await Eventually.True(async () =>
        {
            foreach (var id in ids)
                if (!(await api.CallbackAsync(id)).Acked) return false;
            return true;
        }, "all callbacks acked");

        // Each client acks a frame before it queues it: the last few may still be on their way into the queues.
        await Eventually.True(() => a.CallbacksWaiting + b.CallbacksWaiting == 40, "every acked frame queued by its client");
        var (countA, countB) = (a.CallbacksWaiting, b.CallbacksWaiting);
        Assert.True(countA > 0 && countB > 0, $"one client got everything: {countA}/{countB}");
    }

    [Fact]
    public async Task Client_should_receive_SYSTEM_pings_and_its_echoes_should_be_recorded_as_matching()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);

        var connection = await Eventually.Get(async () => (await api.ConnectionsAsync()).FirstOrDefault(),
            c => c is not null && c["pingsAnswered"]!.GetValue<int>() >= 2, "two answered pings");

        Assert.True(client.PingsReceived >= 2);
        Assert.Equal(0, connection!["pingMismatches"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ping_echo_with_other_data_should_be_recorded_as_a_mismatch()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        client.AnswerPings = false;

        var ping = await Eventually.Get(() => Task.FromResult(client.LastPing), p => p is not null, "a ping");
        await client.SendTextAsync(StreamFrameCodec.WriteAck(new AckFrame(200, ping!.MessageId!, "OK", "{\"opaque\":\"not-the-one-sent\"}")));

        await Eventually.True(async () => (await api.ConnectionsAsync())[0]!["pingMismatches"]!.GetValue<int>() == 1, "the mismatch to be recorded");
    }

    [Fact]
    public async Task Websocket_level_pings_should_be_answered_so_a_strict_client_stays_connected()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { PingInterval = TimeSpan.FromMinutes(5) });
        using var api = new EmulatorApi(emulator);
        // The client sends a websocket PING every 100 ms and gives up on the socket if a PONG takes over 2 s.
        await using var client = await ProtocolClient.ConnectAsync(emulator, configure: o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.KeepAliveTimeout = TimeSpan.FromSeconds(2);
        });

        // Time passing is the behaviour here: longer than the client's 2 s PONG timeout, so a missing PONG would have closed it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var msgId = await api.DirectAsync("cidDm1", "manager001", "still alive?");

        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, client.State);
        Assert.Contains(msgId, (await client.NextCallbackAsync()).Data);
    }

    [Fact]
    public async Task Concurrent_clients_and_REST_calls_should_all_be_served()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { Seed = 3 });
        using var api = new EmulatorApi(emulator);
        var robots = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => EchoRobot.StartAsync(emulator)));
        try
        {
            await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 4, "four robots");
            var conversations = Enumerable.Range(0, 8).Select(i => $"cidBusy{i}").ToArray();

            var ids = await Task.WhenAll(Enumerable.Range(0, 80).Select(n => Task.Run(() =>
                api.DirectAsync(conversations[n % conversations.Length], $"user{n % conversations.Length}", $"message {n}"))));

            foreach (var conversation in conversations)
            {
                try
                {
                    await Eventually.True(async () => (await api.RobotMessagesAsync(conversation)).Count == 10, $"ten answers in {conversation}");
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    // Say why a robot did not answer, if it knows.
                    throw new Xunit.Sdk.XunitException($"{e.Message}; the robots' failed sends: [{string.Join("; ", robots.SelectMany(r => r.FailedSends))}]");
                }
            }
            foreach (var id in ids)
                Assert.True((await api.CallbackAsync(id)).Acked);
        }
        finally
        {
            foreach (var robot in robots) await robot.DisposeAsync();
        }
    }

    [Fact]
    public async Task Redelivery_should_use_a_fresh_messageId_when_configured_and_keep_the_msgId()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { FreshMessageIdOnRedelivery = true });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "hi");
        var first = await client.NextCallbackAsync();
        var second = await client.NextCallbackAsync();
        await client.AckAsync(second);

        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(first.Data, second.Data);
        await Eventually.True(async () => (await api.CallbackAsync(msgId)).Acked, "the ack of the redelivery");
    }

    [Fact]
    public async Task Callback_refused_with_a_4xx_ack_should_not_be_redelivered()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(Fast with { MaxDeliveries = 10 });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);

        var msgId = await api.DirectAsync("cidDm1", "manager001", "unprocessable");
        var frame = await client.NextCallbackAsync();
        await client.SendTextAsync(StreamFrameCodec.WriteAck(AckFrame.Rejected(frame.MessageId!, "cannot process")));

        // Once the refusal is in, no redelivery may follow.
        await RedeliveryDelayPassedAsync(api);
        var deliveries = (await api.CallbackAsync(msgId)).Deliveries;
        await RedeliveryDelayPassedAsync(api);
        Assert.Equal((deliveries, false), await api.CallbackAsync(msgId));
        Assert.True(deliveries < 10, $"redelivered {deliveries} times despite the refusal");
    }

    /// <summary>
    /// Shows, without sleeping, that the redelivery delay has passed for every callback pushed before: a witness pushed
    /// now and never acked (the client must not ack by itself) comes again only once the delay has passed for it, and
    /// each redelivery pass pushes the callbacks due in the order they were first pushed, so an earlier one due again
    /// is pushed, and counted, before the witness.
    /// </summary>
    private static async Task RedeliveryDelayPassedAsync(EmulatorApi api)
    {
        var witness = await api.DirectAsync("cidWitness", "witness001", "witness " + Guid.NewGuid().ToString("N"));
        await Eventually.True(async () => (await api.CallbackAsync(witness)).Deliveries >= 2, "the witness pushed again");
    }
}
