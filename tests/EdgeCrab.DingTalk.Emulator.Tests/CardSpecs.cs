using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Stream;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The AI card API: create, deliver, update and stream, as a conversation shows it.</summary>
public sealed class CardSpecs
{
    internal static string CreateBody(string outTrackId, string openSpaceId, string robotCode) => JsonSerializer.Serialize(new
    {
        cardTemplateId = "tmpl.schema",
        outTrackId,
        cardData = new { cardParamMap = new Dictionary<string, string> { ["content"] = "", ["flowStatus"] = "1" } },
        callbackType = "STREAM",
        openSpaceId,
        imGroupOpenDeliverModel = new { robotCode },
        userIdType = 1,
    });

    internal static string StreamBody(string outTrackId, string content, bool isFull, bool isFinalize, bool isError = false, string? guid = null) =>
        JsonSerializer.Serialize(new { outTrackId, guid = guid ?? Guid.NewGuid().ToString(), key = "content", content, isFull, isFinalize, isError });

    private static readonly EmulatorOptions QuickRedelivery = new() { RedeliverAfter = TimeSpan.FromMilliseconds(300), MaxDeliveries = 3 };

    /// <summary>A DM with <paramref name="staffId"/> and a streaming card delivered into it; returns the access token.</summary>
    private static async Task<string> DirectCardAsync(EmulatorApi api, DingTalkEmulator emulator, string outTrackId, string staffId = "user002")
    {
        await api.DirectAsync("cidDm" + staffId, staffId, "write something long");
        var token = await api.TokenAsync();
        var (status, body) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver", CreateBody(outTrackId, "dtv1.card//IM_ROBOT." + staffId, emulator.RobotCode), token);
        Assert.Equal(200, status);
        Assert.True(body["result"]!["deliverResults"]![0]!["success"]!.GetValue<bool>());
        return token;
    }

    [Fact]
    public async Task Streamed_card_should_appear_once_with_its_latest_text_and_finalized_flag()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await api.GroupAsync("cidGroup1", "manager001", "write a poem");
        var token = await api.TokenAsync();

        var (created, body) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver", CreateBody("card-1", "dtv1.card//IM_GROUP.cidGroup1", emulator.RobotCode), token);
        Assert.Equal(200, created);
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.True(body["result"]!["deliverResults"]![0]!["success"]!.GetValue<bool>());

        await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-1", "Roses", true, false), token, HttpMethod.Put);
        await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-1", " are red", false, false), token, HttpMethod.Put);
        var robot = await api.RobotMessagesAsync("cidGroup1");
        Assert.Single(robot);
        Assert.Equal("Roses are red", robot[0]!["text"]!.GetValue<string>());
        Assert.False(robot[0]!["finalized"]!.GetValue<bool>());

        var (finalStatus, _) = await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-1", "Roses are red, violets are blue", true, true), token, HttpMethod.Put);
        Assert.Equal(200, finalStatus);
        robot = await api.RobotMessagesAsync("cidGroup1");
        Assert.Single(robot);
        Assert.Equal("card", robot[0]!["via"]!.GetValue<string>());
        Assert.Equal("Roses are red, violets are blue", robot[0]!["text"]!.GetValue<string>());
        Assert.True(robot[0]!["finalized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_step_create_then_deliver_to_a_DM_should_show_the_card_and_updates()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await api.DirectAsync("cidDm1", "user002", "hi");
        var token = await api.TokenAsync();

        var (created, _) = await api.PostRawAsync("v1.0/card/instances", CreateBody("card-2", "dtv1.card//IM_ROBOT.user002", emulator.RobotCode), token);
        var (delivered, body) = await api.PostRawAsync("v1.0/card/instances/deliver",
            JsonSerializer.Serialize(new { outTrackId = "card-2", openSpaceId = "dtv1.card//IM_ROBOT.user002" }), token);
        var (updated, _) = await api.PostRawAsync("v1.0/card/instances",
            JsonSerializer.Serialize(new { outTrackId = "card-2", cardData = new { cardParamMap = new { content = "whole update" } } }), token, HttpMethod.Put);

        Assert.Equal((200, 200, 200), (created, delivered, updated));
        Assert.True(body["result"]![0]!["success"]!.GetValue<bool>());
        var robot = Assert.Single(await api.RobotMessagesAsync("cidDm1"));
        Assert.Equal("whole update", robot!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streaming_to_an_unknown_card_should_be_refused()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var token = await api.TokenAsync();

        var (status, body) = await api.PostRawAsync("v1.0/card/streaming", StreamBody("nope", "x", true, false), token, HttpMethod.Put);

        Assert.Equal(400, status);
        Assert.NotNull(body["code"]);
        Assert.NotNull(body["requestid"]);
    }

    [Fact]
    public async Task Card_calls_without_a_token_should_be_refused_with_MissingParameter()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, body) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver", CreateBody("c", "dtv1.card//IM_GROUP.x", emulator.RobotCode));

        Assert.Equal(400, status);
        Assert.Equal("AuthenticationFailed.MissingParameter", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streaming_update_repeating_a_guid_should_change_nothing_and_still_succeed()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var token = await DirectCardAsync(api, emulator, "card-guid");

        var first = await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-guid", "Hello", false, false, guid: "g-1"), token, HttpMethod.Put);
        var again = await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-guid", "Hello", false, false, guid: "g-1"), token, HttpMethod.Put);
        var next = await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-guid", ", world", false, false, guid: "g-2"), token, HttpMethod.Put);
        // A late retry of an earlier update must not undo the later ones either.
        var late = await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-guid", "Hello", true, true, guid: "g-1"), token, HttpMethod.Put);

        foreach (var (status, body) in new[] { first, again, next, late })
        {
            Assert.Equal(200, status);
            Assert.True(body["success"]!.GetValue<bool>());
            Assert.True(body["result"]!.GetValue<bool>());
        }
        var card = Assert.Single(await api.RobotMessagesAsync("cidDmuser002"))!;
        Assert.Equal("Hello, world", card["text"]!.GetValue<string>());
        Assert.False(card["finalized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Card_entry_should_name_its_outTrackId_and_show_a_failed_stream()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        var token = await DirectCardAsync(api, emulator, "card-failing");

        var streaming = Assert.Single(await api.RobotMessagesAsync("cidDmuser002"))!;
        await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-failing", "Half an answer. Error: model timeout", true, true, isError: true), token, HttpMethod.Put);
        var failed = Assert.Single(await api.RobotMessagesAsync("cidDmuser002"))!;

        Assert.Equal("card-failing", streaming["outTrackId"]!.GetValue<string>());
        Assert.False(streaming["failed"]!.GetValue<bool>());
        Assert.True(failed["failed"]!.GetValue<bool>());
        Assert.Equal("Half an answer. Error: model timeout", failed["text"]!.GetValue<string>());
        Assert.Null((await api.MessagesAsync("cidDmuser002"))[0]!["failed"]);
    }

    [Fact]
    public async Task Pressing_a_card_button_should_push_DingTalks_card_callback_to_a_client_subscribed_to_it()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var robotOnly = await ProtocolClient.ConnectAsync(emulator, subscriptions: [StreamSubscription.RobotMessages]);
        await using var cards = await ProtocolClient.ConnectAsync(emulator, subscriptions: [ProtocolClient.CardCallbacks]);
        await DirectCardAsync(api, emulator, "card-stop");

        var (status, answer) = await api.PressCardButtonAsync("card-stop", "user002", "stop");
        var frame = await cards.NextCallbackAsync();

        Assert.Equal(200, status);
        Assert.Equal(StreamFrameType.Callback, frame.Type);
        Assert.Equal(StreamTopics.CardCallback, frame.Topic);
        Assert.Equal(answer["messageId"]!.GetValue<string>(), frame.MessageId);
        var data = JsonNode.Parse(frame.Data)!;
        Assert.Equal("card-stop", data["outTrackId"]!.GetValue<string>());
        Assert.Equal("user002", data["userId"]!.GetValue<string>());
        Assert.Equal(1, data["userIdType"]!.GetValue<int>());
        Assert.Equal("actionCallback", data["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(data["corpId"]!.GetValue<string>()));
        Assert.Equal("IM_ROBOT", data["spaceType"]!.GetValue<string>());
        Assert.Equal("user002", data["spaceId"]!.GetValue<string>());
        Assert.Equal("{}", data["extension"]!.GetValue<string>());
        var content = JsonNode.Parse(data["content"]!.GetValue<string>())!;
        Assert.Equal("stop", Assert.Single(content["cardPrivateData"]!["actionIds"]!.AsArray())!.GetValue<string>());
        Assert.Empty(content["cardPrivateData"]!["params"]!.AsObject());
        Assert.Equal(data["content"]!.GetValue<string>(), data["value"]!.GetValue<string>());
        await Eventually.True(async () => (await api.CallbackAsync(answer["msgId"]!.GetValue<string>())).Acked, "the click's callback to be acked");
        // The robot-only client got the DM's message and nothing else.
        Assert.Equal(StreamTopics.RobotMessage, (await robotOnly.NextCallbackAsync()).Topic);
        Assert.Equal(0, robotOnly.CallbacksWaiting);
        Assert.Equal(0, cards.CallbacksWaiting);
    }

    [Fact]
    public async Task Pressing_a_group_cards_button_should_name_the_group_space_and_carry_the_clicks_params()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, subscriptions: [ProtocolClient.CardCallbacks]);
        await api.GroupAsync("cidGroup1", "manager001", "summarise the thread");
        var token = await api.TokenAsync();
        await api.PostRawAsync("v1.0/card/instances/createAndDeliver", CreateBody("card-group", "dtv1.card//IM_GROUP.cidGroup1", emulator.RobotCode), token);

        var (status, _) = await api.PostRawAsync("_emulator/cards/card-group/actions",
            JsonSerializer.Serialize(new { userId = "user003", actionId = "stop", @params = new { reason = "enough" } }));
        var data = JsonNode.Parse((await client.NextCallbackAsync()).Data)!;

        Assert.Equal(200, status);
        Assert.Equal(("IM_GROUP", "cidGroup1", "user003"), (data["spaceType"]!.GetValue<string>(), data["spaceId"]!.GetValue<string>(), data["userId"]!.GetValue<string>()));
        var action = JsonNode.Parse(data["content"]!.GetValue<string>())!["cardPrivateData"]!;
        Assert.Equal("enough", action["params"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unacked_card_callback_should_be_pushed_again_like_a_robot_message()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(QuickRedelivery);
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, autoAck: false, subscriptions: [ProtocolClient.CardCallbacks]);
        await DirectCardAsync(api, emulator, "card-unacked");

        var (_, answer) = await api.PressCardButtonAsync("card-unacked", "user002", "stop");
        var first = await client.NextCallbackAsync();
        var second = await client.NextCallbackAsync();
        await client.AckAsync(second);

        Assert.Equal(first.Data, second.Data);
        await Eventually.True(async () => await api.CallbackAsync(answer["msgId"]!.GetValue<string>()) is { Acked: true, Deliveries: >= 2 }, "the redelivered click to be acked");
    }

    [Fact]
    public async Task Pressing_a_button_of_an_unknown_card_should_answer_404()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);

        var (status, body) = await api.PressCardButtonAsync("no-such-card", "user002", "stop");

        Assert.Equal(404, status);
        Assert.Contains("no-such-card", body["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pressing_a_button_of_a_finished_card_should_answer_409_and_push_nothing(bool isError)
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator, subscriptions: [ProtocolClient.CardCallbacks]);
        var token = await DirectCardAsync(api, emulator, "card-done");
        await api.PostRawAsync("v1.0/card/streaming", StreamBody("card-done", "All written.", true, !isError, isError), token, HttpMethod.Put);

        var (status, body) = await api.PressCardButtonAsync("card-done", "user002", "stop");
        // A live card's click after the refused one: the only callback the client gets is that one.
        await DirectCardAsync(api, emulator, "card-live", "manager001");
        await api.PressCardButtonAsync("card-live", "manager001", "stop");
        var frame = await client.NextCallbackAsync();

        Assert.Equal(409, status);
        Assert.Contains("finished", body["error"]!.GetValue<string>());
        Assert.Equal("card-live", JsonNode.Parse(frame.Data)!["outTrackId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pressing_a_button_of_a_card_without_stream_callbacks_should_answer_409()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await api.DirectAsync("cidDmuser002", "user002", "hi");
        var token = await api.TokenAsync();
        var body = JsonNode.Parse(CreateBody("card-http", "dtv1.card//IM_ROBOT.user002", emulator.RobotCode))!.AsObject();
        body.Remove("callbackType");
        await api.PostRawAsync("v1.0/card/instances/createAndDeliver", body.ToJsonString(), token);

        var (status, answer) = await api.PressCardButtonAsync("card-http", "user002", "stop");

        Assert.Equal(409, status);
        Assert.Contains("STREAM", answer["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pressing_a_button_without_a_user_should_answer_400()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var api = new EmulatorApi(emulator);
        await DirectCardAsync(api, emulator, "card-x");

        var (status, body) = await api.PostRawAsync("_emulator/cards/card-x/actions", JsonSerializer.Serialize(new { actionId = "stop" }));

        Assert.Equal(400, status);
        Assert.Contains("userId", body["error"]!.GetValue<string>());
    }
}
