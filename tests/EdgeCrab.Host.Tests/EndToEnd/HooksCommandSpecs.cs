using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// <c>/hooks</c> in a chat lists what the gateway's <c>hooks/</c> folder holds, as EdgeCrab users lay it out, and
/// follows the folder while the gateway runs. (Running hooks on events is issue 11's next part.)
/// </summary>
public sealed class HooksCommandSpecs
{
    private static void Hook(string home, string name, string manifest, string handler = "handler.sh") =>
        HookFolders.Write(Path.Combine(home, "hooks"), name, manifest, handler);

    [Fact]
    public async Task Hooks_should_list_the_loaded_and_the_broken_ones_and_follow_the_folder()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        Hook(t.Home, "guard", "name: guard\ndescription: Blocks /status on Sundays\nevents: ['command:status']\npriority: 10");
        Hook(t.Home, "half-done", "events: [");
        Hook(t.Home, "audit", "events: ['*']", "handler.py");

        // Added after start: the folder is watched.
        var listing = await Eventually.Get(async () =>
        {
            await t.Control.DmAsync("cid-hooks", "manager001", "/hooks");
            var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-hooks"), r => r.Count > 0, "an answer to /hooks");
            return replies[^1].Text;
        }, text => text.Contains("half-done", StringComparison.Ordinal) && text.Contains("audit", StringComparison.Ordinal), "/hooks listing all three folders");

        Assert.Contains("2 hook(s) loaded from hooks/:", listing);
        Assert.True(listing.IndexOf("• guard [shell] p=10", StringComparison.Ordinal) < listing.IndexOf("• audit [python] p=50", StringComparison.Ordinal), listing);
        Assert.Contains("Blocks /status on Sundays", listing);
        Assert.Contains("• hooks/half-done: HOOK.yaml is not valid YAML (line", listing);
        Assert.DoesNotContain(t.Home, listing);
        Assert.Contains("[hooks] hook hooks/half-done not loaded", t.ConsoleLog);
    }
}
