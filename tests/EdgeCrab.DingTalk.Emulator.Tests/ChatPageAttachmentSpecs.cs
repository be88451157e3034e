using Microsoft.Playwright;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>
/// Pictures and files attached on the chat page in real headless Chromium: the echo robot downloads each through
/// <c>messageFiles/download</c> and answers with the size and type it got, which proves a real upload.
/// </summary>
public sealed class ChatPageAttachmentSpecs
{
    private const string DmOfLiLei = "cidDmmanager001";

    private sealed class Scene(DingTalkEmulator emulator, EchoRobot robot, EmulatorApi api, IPlaywright playwright, IBrowser browser, IPage page)
        : IAsyncDisposable
    {
        public IPage Page => page;
        public EmulatorApi Api => api;

        public ILocator RobotBubbles => page.Locator(".message.robot .bubble");
        public ILocator UserBubbles => page.Locator(".message.user .bubble");

        public static async Task<Scene> StartAsync()
        {
            var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions());
            var robot = await EchoRobot.StartAsync(emulator);
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(HeadlessChromium.Launch);
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
            page.SetDefaultTimeout(20_000);
            await page.GotoAsync(emulator.BaseUri.ToString());
            await Assertions.Expect(page.Locator("#robot-status")).ToHaveTextAsync("robot connected");
            return new Scene(emulator, robot, new EmulatorApi(emulator), playwright, browser, page);
        }

        public async Task AttachAsync(string path)
        {
            await page.SetInputFilesAsync("#file-input", path);
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            api.Dispose();
            await robot.DisposeAsync();
            await emulator.DisposeAsync();
        }
    }

    [RequiresChromiumFact]
    public async Task Attached_picture_should_be_uploaded_and_downloaded_by_the_robot_alone_or_with_text()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await Scene.StartAsync();
        var page = scene.Page;

        await scene.AttachAsync(UploadFiles.Write("red-square.png", SmallPng.Bytes));
        await Assertions.Expect(page.Locator("#attachment")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#attachment-name")).ToHaveTextAsync("🖼 red-square.png");
        await Assertions.Expect(page.Locator("#attachment-size")).ToHaveTextAsync("73 B");
        await Assertions.Expect(page.Locator("#attachment-preview")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await page.ClickAsync("#send");

        await Assertions.Expect(scene.RobotBubbles.Last).ToHaveTextAsync($"got picture: {SmallPng.Bytes.Length} bytes of image/png");
        await Assertions.Expect(scene.UserBubbles.Last).ToHaveTextAsync("🖼 picture (73 B)");
        await Assertions.Expect(page.Locator("#attachment")).ToBeHiddenAsync();

        // With text, a picture goes as DingTalk sends it: one richText message, its text first.
        await scene.AttachAsync(UploadFiles.Write("red-square.png", SmallPng.Bytes));
        await page.FillAsync("#composer", "look at this");
        await page.ScreenshotAsync(new() { Path = "/tmp/chatpage-attachment.png" });
        await page.ClickAsync("#send");
        await Assertions.Expect(scene.RobotBubbles.Nth(1)).ToHaveTextAsync($"got richText: {SmallPng.Bytes.Length} bytes of image/png");
        await Assertions.Expect(scene.UserBubbles.Nth(1)).ToHaveTextAsync("look at this\n🖼 picture (73 B)");
        await Assertions.Expect(page.Locator("#composer")).ToHaveValueAsync("");

        var sent = await scene.Api.MessagesAsync(DmOfLiLei);
        var user = sent.Where(m => m!["from"]!.GetValue<string>() == "user").ToArray();
        Assert.Equal(["picture", "richText"], user.Select(m => m!["msgtype"]!.GetValue<string>()));
        Assert.All(user, m => Assert.Equal(SmallPng.Bytes.Length, m!["fileSize"]!.GetValue<int>()));

        // In the group the @robot tick still applies: the robot gets the picture because it was mentioned.
        await page.ClickAsync("[data-conversation=group]");
        await scene.AttachAsync(UploadFiles.Write("red-square.png", SmallPng.Bytes));
        await page.ClickAsync("#send");
        await Assertions.Expect(scene.RobotBubbles.Last).ToHaveTextAsync($"got picture: {SmallPng.Bytes.Length} bytes of image/png");
    }

    [RequiresChromiumFact]
    public async Task Attached_file_should_go_with_its_name_and_type_and_the_text_as_its_own_message()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await Scene.StartAsync();
        var page = scene.Page;
        var notes = "milk\neggs\n"u8.ToArray();

        // A file chosen by mistake is removed and not sent.
        await scene.AttachAsync(UploadFiles.Write("wrong.txt", "oops"u8.ToArray()));
        await Assertions.Expect(page.Locator("#attachment-name")).ToHaveTextAsync("📎 wrong.txt");
        await page.ClickAsync("#attachment-remove");
        await Assertions.Expect(page.Locator("#attachment")).ToBeHiddenAsync();

        await scene.AttachAsync(UploadFiles.Write("notes.txt", notes));
        await Assertions.Expect(page.Locator("#attachment-name")).ToHaveTextAsync("📎 notes.txt");
        await Assertions.Expect(page.Locator("#attachment-preview")).ToBeHiddenAsync();
        await page.FillAsync("#composer", "my list");
        await page.ClickAsync("#send");

        await Assertions.Expect(scene.RobotBubbles).ToHaveTextAsync([$"got file: {notes.Length} bytes of text/plain", "echo: my list"]);
        await Assertions.Expect(scene.UserBubbles).ToHaveTextAsync([$"📎 notes.txt ({notes.Length} B)", "my list"]);
    }

    [RequiresChromiumFact]
    public async Task File_of_exactly_512_KiB_should_be_sent_whole()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await Scene.StartAsync();
        var blob = new byte[512 * 1024];
        new Random(13).NextBytes(blob);

        await scene.AttachAsync(UploadFiles.Write("blob", blob));
        await scene.Page.ClickAsync("#send");

        // No extension, so the browser gives no type and the page says application/octet-stream.
        await Assertions.Expect(scene.RobotBubbles.Last).ToHaveTextAsync("got file: 524288 bytes of application/octet-stream");
        await Assertions.Expect(scene.UserBubbles.Last).ToHaveTextAsync("📎 blob (512.0 KiB)");
    }

    [RequiresChromiumFact]
    public async Task File_over_512_KiB_should_be_refused_on_the_page_and_nothing_sent()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var scene = await Scene.StartAsync();
        var page = scene.Page;

        await scene.AttachAsync(UploadFiles.Write("big.bin", new byte[512 * 1024 + 1]));
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("\"big.bin\" is 512.0 KiB (524,289 bytes)");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("at most 512 KiB (524,288 bytes). Nothing was sent.");
        await Assertions.Expect(page.Locator("#attachment")).ToBeHiddenAsync();

        // Send with nothing attached and nothing written does nothing; a text afterwards goes alone.
        await page.ClickAsync("#send");
        await page.FillAsync("#composer", "hello");
        await page.ClickAsync("#send");
        await Assertions.Expect(scene.RobotBubbles).ToHaveTextAsync(["echo: hello"]);
        var sent = await scene.Api.MessagesAsync(DmOfLiLei);
        Assert.Equal(["text", "text"], sent.Select(m => m!["msgtype"]!.GetValue<string>()));
        Assert.Equal("hello", sent[0]!["text"]!.GetValue<string>());
    }
}
