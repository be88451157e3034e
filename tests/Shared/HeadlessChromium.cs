using Microsoft.Playwright;

namespace EdgeCrab.Tests.Support;

/// <summary>How the chat page specs start Debian's Chromium: headless, sandbox off (containers), nothing fetched from the network.</summary>
public static class HeadlessChromium
{
    public static readonly BrowserTypeLaunchOptions Launch = new()
    {
        ExecutablePath = Prerequisites.ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    };
}
