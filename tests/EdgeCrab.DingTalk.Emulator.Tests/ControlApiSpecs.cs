using System.Net.Http.Json;
using EdgeCrab.DingTalk.Rest;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The control API under /_emulator, as tests, scripts and the chat page use it.</summary>
public sealed class ControlApiSpecs
{
    [Fact]
    public async Task Conversation_messages_should_list_users_and_robot_in_order_with_the_contract_fields()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var robot = await EchoRobot.StartAsync(emulator);

        await api.DirectAsync("cidDm1", "manager001", "first");
        await Eventually.True(async () => (await api.MessagesAsync("cidDm1")).Count == 2, "the first echo");
        await api.DirectAsync("cidDm1", "manager001", "second");
        var messages = await Eventually.Get(() => api.MessagesAsync("cidDm1"), m => m.Count == 4, "the second echo");

        Assert.Equal(["user", "robot", "user", "robot"], messages.Select(m => m!["from"]!.GetValue<string>()));
        Assert.Equal(["first", "echo: first", "second", "echo: second"], messages.Select(m => m!["text"]!.GetValue<string>()));
        Assert.All(messages, m => Assert.NotNull(m!["msgtype"]));
        Assert.All(messages, m => Assert.True(DateTime.TryParse(m!["at"]!.GetValue<string>(), out _)));
        Assert.Null(messages[0]!["via"]);
        Assert.Null(messages[0]!["fileSize"]);
        Assert.Equal("sessionWebhook", messages[1]!["via"]!.GetValue<string>());
        Assert.Null(messages[1]!["finalized"]);
    }

    [Fact]
    public async Task Raw_inbound_should_push_its_data_string_unchanged_and_record_a_refusing_ack()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false);
        const string poison = """{"msgId":"m","conversationId":"\ud800","deep":[[[[1e400]]]]}""";

        using var response = await api.Http.PostAsJsonAsync("_emulator/inbound/raw", new { data = poison });
        var pushed = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        var frame = await client.NextCallbackAsync();
        await client.SendTextAsync(EdgeCrab.DingTalk.Stream.StreamFrameCodec.WriteAck(EdgeCrab.DingTalk.Stream.AckFrame.Rejected(frame.MessageId!, "malformed")));

        Assert.Equal(poison, frame.Data);
        Assert.Equal(pushed["messageId"]!.GetValue<string>(), frame.MessageId);
        var msgId = pushed["msgId"]!.GetValue<string>();
        var state = await Eventually.Get(
            async () => (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"_emulator/callbacks/{msgId}"))!,
            s => s["refused"]!.GetValue<bool>(), "the refusal recorded");
        Assert.False(state["acked"]!.GetValue<bool>());
        Assert.Equal(1, state["deliveries"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_conversation_should_list_nothing_and_unknown_callback_should_be_404()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        Assert.Empty(await api.MessagesAsync("cidNobody"));
        using var response = await api.Http.GetAsync("_emulator/callbacks/msgNope");
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Connections_should_list_the_clients_connected_now()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var client = await ProtocolClient.ConnectAsync(emulator);

        var connections = await Eventually.Get(() => api.ConnectionsAsync(), c => c.Count == 1, "one connection");
        Assert.Equal("edgecrab-tests/1.0", connections[0]!["userAgent"]!.GetValue<string>());
        Assert.Contains("/v1.0/im/bot/messages/get", connections[0]!["callbackTopics"]!.AsArray().Select(t => t!.GetValue<string>()));

        await client.DisposeAsync();
        await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 0, "the connection to go");
    }

    [Fact]
    public async Task Load_should_push_a_burst_and_report_pushed_acked_and_answered()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var robot = await EchoRobot.StartAsync(emulator);

        var (status, _) = await api.PostRawAsync("_emulator/load", """{"messages":30,"conversations":3,"conversationType":"2","text":"burst"}""");
        Assert.Equal(202, status);

        var report = await Eventually.Get(async () => (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("_emulator/load"))!,
            r => r["answered"]!.GetValue<int>() == 30 && r["acked"]!.GetValue<int>() == 30, "the burst to be answered");

        Assert.Equal(30, report["pushed"]!.GetValue<int>());
        Assert.True(report["elapsedMs"]!.GetValue<double>() > 0);
        // Every ack counted as it came, and the figures over all of them once the run is complete.
        var (p50, p95, p99) = (report["ackP50Ms"]!.GetValue<double>(), report["ackP95Ms"]!.GetValue<double>(), report["ackP99Ms"]!.GetValue<double>());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"p50 {p50}, p95 {p95}, p99 {p99}");
        Assert.True(p99 < report["elapsedMs"]!.GetValue<double>());
    }

    [Fact]
    public async Task Inbound_with_a_missing_field_should_say_which()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, error) = await api.PostRawAsync("_emulator/inbound", """{"conversationType":"1","conversationId":"c","text":"hi"}""");
        var (badType, typeError) = await api.PostRawAsync("_emulator/inbound", """{"conversationType":"3","conversationId":"c","senderStaffId":"u","text":"hi"}""");
        var (badMsgtype, _) = await api.PostRawAsync("_emulator/inbound", """{"conversationType":"1","conversationId":"c","senderStaffId":"u","text":"hi","msgtype":"hologram"}""");

        Assert.Equal(400, status);
        Assert.Contains("senderStaffId", error["error"]!.GetValue<string>());
        Assert.Equal(400, badType);
        Assert.Contains("conversationType", typeError["error"]!.GetValue<string>());
        Assert.Equal(400, badMsgtype);
    }

    [Fact]
    public async Task Inbound_should_take_a_file_of_512_KiB_whole_and_refuse_one_byte_more()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var robot = await EchoRobot.StartAsync(emulator);
        var file = new byte[512 * 1024];
        new Random(5).NextBytes(file);

        await api.InboundAsync(new
        {
            conversationType = "1", conversationId = "cidBig", senderStaffId = "u", msgtype = "file", text = "blob",
            fileBase64 = Convert.ToBase64String(file), mediaType = "application/x-blob",
        });
        var (tooBig, error) = await api.PostRawAsync("_emulator/inbound", System.Text.Json.JsonSerializer.Serialize(new
        {
            conversationType = "1", conversationId = "cidBig", senderStaffId = "u", msgtype = "file", text = "blob",
            fileBase64 = Convert.ToBase64String(new byte[file.Length + 1]),
        }));

        // The echo robot downloads the file as a robot does and says what it got.
        var replies = await Eventually.Get(() => api.RobotMessagesAsync("cidBig"), r => r.Count == 1, "the robot's answer");
        Assert.Equal("got file: 524288 bytes of application/x-blob", replies[0]!["text"]!.GetValue<string>());
        var sent = (await api.MessagesAsync("cidBig"))[0]!;
        Assert.Equal(("file", "blob", 524288), (sent["msgtype"]!.GetValue<string>(), sent["text"]!.GetValue<string>(), sent["fileSize"]!.GetValue<int>()));
        Assert.Equal(400, tooBig);
        Assert.Contains("fileBase64", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Inbound_rich_text_items_should_come_as_DingTalk_sends_them_with_each_picture_its_own_download()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        using var http = new HttpClient();
        var rest = new DingTalkRestClient(http, DingTalkEndpoints.SingleHost(emulator.BaseUri), emulator.Credentials);
        byte[] first = [1, 2, 3], second = [4, 5, 6, 7];

        var msgId = await api.InboundAsync(new
        {
            conversationType = "2", conversationId = "cidRich", senderStaffId = "u", msgtype = "richText", atRobot = true,
            items = new object[]
            {
                new { text = "compare " }, new { pictureBase64 = Convert.ToBase64String(first), mediaType = "image/png" },
                new { text = "with" }, new { pictureBase64 = Convert.ToBase64String(second), mediaType = "image/jpeg" },
            },
        });
        EdgeCrab.DingTalk.Robot.RobotMessage message;
        do
            message = await client.NextRobotMessageAsync();
        while (message.MsgId != msgId);

        var items = Assert.IsType<EdgeCrab.DingTalk.Robot.RichTextContent>(message.Content).Items;
        Assert.Equal([(null, "@" + new EmulatorOptions().RobotName), (null, "compare "), ("picture", null), (null, "with"), ("picture", null)],
            items.Select(i => (i.Type, i.Text)));
        var one = await rest.DownloadMessageFileAsync(emulator.RobotCode, items[2].DownloadCode!, 1024);
        var two = await rest.DownloadMessageFileAsync(emulator.RobotCode, items[4].DownloadCode!, 1024);
        Assert.Equal(first, one.Bytes);
        Assert.Equal("image/png", one.MediaType);
        Assert.Equal(second, two.Bytes);
        Assert.Equal("image/jpeg", two.MediaType);
        Assert.Equal("compare [picture]with[picture]", (await api.MessagesAsync("cidRich"))[0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"text\",\"items\":[{\"text\":\"a\"}]}", "richText message only")]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"richText\",\"items\":[]}", "1 to 50 items")]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"richText\",\"items\":[{\"text\":\"a\",\"picture\":true}]}", "either")]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"richText\",\"items\":[{\"pictureBase64\":\"%%%\"}]}", "base64")]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"richText\",\"text\":\"t\",\"items\":[{\"text\":\"a\"}]}", "one or the other")]
    [InlineData("{\"conversationType\":\"1\",\"conversationId\":\"c\",\"senderStaffId\":\"u\",\"msgtype\":\"richText\",\"items\":[7]}", "must be an object")]
    public async Task Inbound_rich_text_items_that_are_wrong_should_be_refused_saying_why(string body, string why)
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var (status, error) = await api.PostRawAsync("_emulator/inbound", body);
        Assert.Equal(400, status);
        Assert.Contains(why, error["error"]!.GetValue<string>());
    }
}
