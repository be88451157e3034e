using System.Text.Json;

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

    private static string StreamBody(string outTrackId, string content, bool isFull, bool isFinalize) =>
        JsonSerializer.Serialize(new { outTrackId, guid = Guid.NewGuid().ToString(), key = "content", content, isFull, isFinalize, isError = false });

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
}
