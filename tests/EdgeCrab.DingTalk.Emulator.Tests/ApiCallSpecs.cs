using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The business API calls the emulator counts per API and per second, and the per-API QPS limit it can enforce.</summary>
public sealed class ApiCallSpecs
{
    private const string QpsLimitCode = "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi";

    private static JsonNode Api(JsonObject calls, string method, string path) =>
        calls["apis"]!.AsArray().Single(a => a!["method"]!.GetValue<string>() == method && a["path"]!.GetValue<string>() == path)!;

    private static Task<(int Status, JsonNode Body)> StreamAsync(EmulatorApi api, string token, string content) =>
        api.PostRawAsync("v1.0/card/streaming", CardSpecs.StreamBody("card-q", content, true, false), token, HttpMethod.Put);

    private static async Task<string> CardAsync(EmulatorApi api, DingTalkEmulator emulator)
    {
        await api.DirectAsync("cidDmuser002", "user002", "hi");
        var token = await api.TokenAsync();
        var (status, _) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver", CardSpecs.CreateBody("card-q", "dtv1.card//IM_ROBOT.user002", emulator.RobotCode), token);
        Assert.Equal(200, status);
        return token;
    }

    [Fact]
    public async Task Calls_should_be_counted_per_API_with_the_most_seen_in_one_second_leaving_out_tokens_and_connections()
    {
        var clock = new ManualClock();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { Clock = clock });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        var token = await CardAsync(api, emulator);

        for (var i = 1; i <= 3; i++) await StreamAsync(api, token, new string('a', i));
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        for (var i = 1; i <= 2; i++) await StreamAsync(api, token, new string('b', i));
        await api.PostRawAsync("v1.0/card/instances", JsonSerializer.Serialize(new { outTrackId = "card-q", cardData = new { cardParamMap = new { flowStatus = "3" } } }), token, HttpMethod.Put);
        var calls = await api.CallsAsync();

        var streaming = Api(calls, "PUT", "/v1.0/card/streaming");
        Assert.Equal((5, 3, 0), (streaming["total"]!.GetValue<int>(), streaming["maxPerSecond"]!.GetValue<int>(), streaming["refused"]!.GetValue<int>()));
        Assert.Equal(1, Api(calls, "POST", "/v1.0/card/instances/createAndDeliver")["total"]!.GetValue<int>());
        Assert.Equal(1, Api(calls, "PUT", "/v1.0/card/instances")["total"]!.GetValue<int>());
        Assert.Equal(3, calls["apis"]!.AsArray().Count);
        Assert.Equal(7, calls["total"]!.GetValue<int>());
        // createAndDeliver and the first three updates share a second.
        Assert.Equal(4, calls["maxPerSecond"]!.GetValue<int>());

        using var reset = await api.Http.DeleteAsync("_emulator/calls");
        var afterReset = await api.CallsAsync();
        Assert.True(reset.IsSuccessStatusCode);
        Assert.Empty(afterReset["apis"]!.AsArray());
        Assert.Equal((0, 0), (afterReset["total"]!.GetValue<int>(), afterReset["maxPerSecond"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Call_beyond_the_QPS_limit_within_a_second_should_be_refused_like_DingTalk_per_API()
    {
        var clock = new ManualClock();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { Clock = clock, QpsLimit = 2 });
        using var api = new EmulatorApi(emulator);
        var token = await CardAsync(api, emulator);

        var first = await StreamAsync(api, token, "one");
        var second = await StreamAsync(api, token, "one two");
        var third = await StreamAsync(api, token, "one two three");
        // Another API has its own budget.
        var (otherApi, _) = await api.PostRawAsync("v1.0/card/instances", CardSpecs.CreateBody("card-other", "dtv1.card//IM_ROBOT.user002", emulator.RobotCode), token);
        clock.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await StreamAsync(api, token, "one two three four");

        Assert.Equal((200, 200, 403, 200, 200), (first.Status, second.Status, third.Status, otherApi, nextSecond.Status));
        Assert.Equal(QpsLimitCode, third.Body["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(third.Body["message"]!.GetValue<string>()));
        Assert.Equal("one two three four", Assert.Single(await api.RobotMessagesAsync("cidDmuser002"))!["text"]!.GetValue<string>());
        var streaming = Api(await api.CallsAsync(), "PUT", "/v1.0/card/streaming");
        Assert.Equal((4, 1, 3), (streaming["total"]!.GetValue<int>(), streaming["refused"]!.GetValue<int>(), streaming["maxPerSecond"]!.GetValue<int>()));
    }

    [Fact]
    public async Task QpsLimit_fault_should_switch_the_limit_on_and_null_should_switch_it_back_off_leaving_session_webhooks_alone()
    {
        var clock = new ManualClock();
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { Clock = clock });
        using var api = new EmulatorApi(emulator);
        await using var client = await ProtocolClient.ConnectAsync(emulator);
        var token = await CardAsync(api, emulator);
        var webhook = (await client.NextRobotMessageAsync()).SessionWebhook!;
        var markdown = JsonSerializer.Serialize(new { msgtype = "markdown", markdown = new { title = "t", text = "hello" } });

        var armed = await api.FaultsAsync(new { qpsLimit = 1 });
        var (bad, _) = await api.PostRawAsync("_emulator/faults", JsonSerializer.Serialize(new { qpsLimit = 0 }));
        var limited = new[] { (await StreamAsync(api, token, "a")).Status, (await StreamAsync(api, token, "ab")).Status };
        var webhooks = new[] { (await api.PostRawAsync(webhook, markdown)).Status, (await api.PostRawAsync(webhook, markdown)).Status };
        var cleared = await api.FaultsAsync(new { qpsLimit = (int?)null });
        var unlimited = (await StreamAsync(api, token, "abc")).Status;

        Assert.Equal(1, armed["qpsLimit"]!.GetValue<int>());
        Assert.Equal(400, bad);
        Assert.Equal([200, 403], limited);
        Assert.Equal([200, 200], webhooks);
        Assert.Null(cleared["qpsLimit"]);
        Assert.Equal(200, unlimited);
        var calls = await api.CallsAsync();
        Assert.Equal(2, Api(calls, "POST", "/robot/sendBySession")["total"]!.GetValue<int>());
    }
}
