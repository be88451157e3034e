using Microsoft.Playwright;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// A person sends a picture from the emulator's chat page in real headless Chromium; the gateway downloads it and the
/// model, a real OpenAI-compatible server on loopback, gets it as image content and answers on the page.
/// </summary>
public sealed class ChatPagePictureSpecs
{
    [RequiresChromiumFact]
    public async Task Picture_sent_from_the_chat_page_should_reach_the_model_and_its_answer_show_on_the_page()
    {
        Assert.Null(Prerequisites.MissingChromium());
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(HeadlessChromium.Launch);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(t.Emulator.BaseUri.ToString());
        await Assertions.Expect(page.Locator("#robot-status")).ToHaveTextAsync("robot connected");
        await page.SetInputFilesAsync("#file-input", UploadFiles.Write("red-square.png", SmallPng.Bytes));
        await Assertions.Expect(page.Locator("#attachment-name")).ToHaveTextAsync("🖼 red-square.png");
        await page.FillAsync("#composer", "what is this?");
        await page.ClickAsync("#send");

        // In a DM the prompt has no speaker prefix: the text, then the picture in its place after it.
        await Assertions.Expect(page.Locator(".message.robot .bubble").Last)
            .ToHaveTextAsync($"LLM says: what is this? [image image/png, {SmallPng.Bytes.Length} bytes]");
        await Assertions.Expect(page.Locator(".message.user .bubble").Last).ToHaveTextAsync($"what is this?\n🖼 picture ({SmallPng.Bytes.Length} B)");

        var request = Assert.Single(llm.Requests);
        var content = request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content");
        var parts = content.EnumerateArray().Select(p => p.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["text", "image_url"], parts);
        var image = content.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url");
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(SmallPng.Bytes), image.GetProperty("image_url").GetProperty("url").GetString());
    }
}
