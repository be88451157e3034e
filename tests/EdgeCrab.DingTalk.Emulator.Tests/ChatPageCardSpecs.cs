using System.Text.Json.Nodes;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Stream;
using Microsoft.Playwright;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>
/// AI cards on the chat page in real headless Chromium: the test plays the robot through the emulator's REST API
/// (token, createAndDeliver, streaming updates) and a stream client subscribed to card callbacks.
/// </summary>
public sealed class ChatPageCardSpecs
{
    /// <summary>The page, the robot's stream client and a card delivered into the DM that user002 started on the page.</summary>
    private sealed class CardScene(DingTalkEmulator emulator, EmulatorApi api, ProtocolClient robot, IPlaywright playwright, IBrowser browser, IPage page, string token)
        : IAsyncDisposable
    {
        public IPage Page => page;
        public ProtocolClient Robot => robot;

        public ILocator Card => page.Locator(".message.card");

        public static async Task<CardScene> StartAsync(string outTrackId)
        {
            var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
            var api = new EmulatorApi(emulator);
            var robot = await ProtocolClient.ConnectAsync(emulator, subscriptions: [StreamSubscription.RobotMessages, ProtocolClient.CardCallbacks]);
            var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(HeadlessChromium.Launch);
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
            page.SetDefaultTimeout(20_000);

            await page.GotoAsync(emulator.BaseUri.ToString());
            await Assertions.Expect(page.Locator("#robot-status")).ToHaveTextAsync("robot connected");
            await page.SelectOptionAsync("#user", "user002");
            await page.FillAsync("#composer", "tell me a story");
            await page.ClickAsync("#send");
            var asked = await robot.NextRobotMessageAsync();
            Assert.Equal("user002", asked.SenderStaffId);

            var token = await api.TokenAsync();
            var (status, _) = await api.PostRawAsync("v1.0/card/instances/createAndDeliver",
                CardSpecs.CreateBody(outTrackId, "dtv1.card//IM_ROBOT.user002", emulator.RobotCode), token);
            Assert.Equal(200, status);
            return new CardScene(emulator, api, robot, playwright, browser, page, token);
        }

        public async Task StreamAsync(string outTrackId, string content, bool isFinalize = false, bool isError = false)
        {
            var (status, _) = await api.PostRawAsync("v1.0/card/streaming", CardSpecs.StreamBody(outTrackId, content, true, isFinalize, isError), token, HttpMethod.Put);
            Assert.Equal(200, status);
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            await robot.DisposeAsync();
            api.Dispose();
            await emulator.DisposeAsync();
        }
    }

    [RequiresChromiumFact]
    public async Task Card_should_grow_while_streaming_and_its_Stop_button_should_send_the_card_callback_then_show_finished()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await CardScene.StartAsync("card-story");
        var bubble = scene.Card.Locator(".bubble");
        var badge = scene.Card.Locator(".card-state");

        await scene.StreamAsync("card-story", "Once");
        await Assertions.Expect(bubble).ToHaveTextAsync("Once");
        await Assertions.Expect(badge).ToHaveTextAsync("card · streaming…");
        await scene.StreamAsync("card-story", "Once upon a time");
        await Assertions.Expect(bubble).ToHaveTextAsync("Once upon a time");
        await scene.StreamAsync("card-story", "Once upon a time there was a **crab**");
        await Assertions.Expect(bubble).ToHaveTextAsync("Once upon a time there was a crab");
        await Assertions.Expect(bubble.Locator("strong")).ToHaveTextAsync("crab");
        await Assertions.Expect(badge).ToHaveTextAsync("card · streaming…");

        await scene.Card.Locator(".card-stop").ClickAsync();
        var click = await scene.Robot.NextCallbackAsync();
        await scene.Page.ScreenshotAsync(new() { Path = "/tmp/chatpage-card.png" });

        Assert.Equal(StreamTopics.CardCallback, click.Topic);
        var data = JsonNode.Parse(click.Data)!;
        Assert.Equal("card-story", data["outTrackId"]!.GetValue<string>());
        Assert.Equal("user002", data["userId"]!.GetValue<string>());
        var content = JsonNode.Parse(data["content"]!.GetValue<string>())!;
        Assert.Equal("stop", Assert.Single(content["cardPrivateData"]!["actionIds"]!.AsArray())!.GetValue<string>());
        await Assertions.Expect(scene.Card.Locator(".card-stop")).ToBeDisabledAsync();

        await scene.StreamAsync("card-story", "Once upon a time there was a **crab**\n\n(stopped)", isFinalize: true);
        await Assertions.Expect(badge).ToHaveTextAsync("card · finished");
        await Assertions.Expect(bubble).ToContainTextAsync("(stopped)");
        await Assertions.Expect(scene.Card.Locator(".card-stop")).ToHaveCountAsync(0);
        await Assertions.Expect(scene.Card).ToHaveCountAsync(1);
    }

    [RequiresChromiumFact]
    public async Task Card_whose_stream_ends_in_error_should_show_failed_without_a_Stop_button()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await CardScene.StartAsync("card-broken");
        var badge = scene.Card.Locator(".card-state");

        await scene.StreamAsync("card-broken", "Let me think");
        await Assertions.Expect(scene.Card.Locator(".card-stop")).ToBeVisibleAsync();
        await scene.StreamAsync("card-broken", "Let me think\n\nThe model failed: timeout", isError: true);

        await Assertions.Expect(badge).ToHaveTextAsync("card · failed");
        await Assertions.Expect(scene.Card.Locator(".bubble")).ToContainTextAsync("The model failed: timeout");
        await Assertions.Expect(scene.Card.Locator(".card-stop")).ToHaveCountAsync(0);
    }
}
