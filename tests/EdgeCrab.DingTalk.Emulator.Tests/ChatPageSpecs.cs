using Microsoft.Playwright;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>The chat page in real headless Chromium, talking to the emulator with a real robot connected.</summary>
public sealed class ChatPageSpecs
{
    [RequiresChromiumFact]
    public async Task Chat_page_should_show_robot_replies_in_a_DM_and_in_the_group_with_markdown_rendered()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        await using var robot = await EchoRobot.StartAsync(emulator);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(HeadlessChromium.Launch);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(emulator.BaseUri.ToString());
        await Assertions.Expect(page.Locator("#robot-status")).ToHaveTextAsync("robot connected");

        await page.SelectOptionAsync("#user", "user002");
        await page.FillAsync("#composer", "hello robot");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator(".message.robot .bubble").Last).ToHaveTextAsync("echo: hello robot");
        await Assertions.Expect(page.Locator(".message.user .meta").First).ToContainTextAsync("Han Meimei");

        await page.ClickAsync("[data-conversation=group]");
        await Assertions.Expect(page.Locator("#at-robot")).ToBeCheckedAsync();
        await page.FillAsync("#composer", "status please");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message.robot .bubble").Last).ToHaveTextAsync("echo: status please");

        await page.FillAsync("#composer", "markdown");
        await page.ClickAsync("#send");
        var markdown = page.Locator(".message.robot .bubble").Nth(1);
        await Assertions.Expect(markdown.Locator("pre")).ToContainTextAsync("var answer = 6 * 7;");
        // The reply's "<b>" sits in a code block: it must show as text, never become markup.
        await Assertions.Expect(markdown.Locator("pre")).ToContainTextAsync("<b>{answer}</b>");
        Assert.Equal(0, await markdown.Locator("b").CountAsync());
        await Assertions.Expect(markdown.Locator("strong")).ToHaveTextAsync("the plan");
        await Assertions.Expect(markdown.Locator("code").First).ToHaveTextAsync("inline code");
        await Assertions.Expect(markdown.Locator("a")).ToHaveAttributeAsync("href", "https://example.com");

        await page.ScreenshotAsync(new() { Path = "/tmp/chatpage.png" });

        // The DM still holds its own conversation.
        await page.ClickAsync("[data-conversation=dm]");
        await Assertions.Expect(page.Locator(".message.robot .bubble")).ToHaveTextAsync("echo: hello robot");
    }

    [RequiresChromiumFact]
    public async Task Load_button_should_run_a_burst_and_show_its_figures()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        await using var robot = await EchoRobot.StartAsync(emulator);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(HeadlessChromium.Launch);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(emulator.BaseUri.ToString());
        await page.FillAsync("#load-messages", "20");
        await page.FillAsync("#load-conversations", "4");
        await page.ClickAsync("#load-button");

        await Assertions.Expect(page.Locator("#load-result")).ToContainTextAsync("answered 20");
        await Assertions.Expect(page.Locator("#load-result")).ToContainTextAsync("pushed   20 / 20");
    }

    [Fact]
    public async Task Chat_page_files_should_be_served_from_the_assembly()
    {
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        var html = await http.GetStringAsync("/");
        using var script = await http.GetAsync("/chat/app.js");
        using var missing = await http.GetAsync("/chat/secrets.txt");

        Assert.Contains("<script src=\"/chat/app.js\">", html);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, (int)missing.StatusCode);
    }
}
