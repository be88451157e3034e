using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Hooks run on a conversation's events, beside the message path, as real bash handlers.</summary>
public sealed class HookEventsSpecs
{
    private static string Hook(string home, string name, string manifest, string script) =>
        HookFolders.Write(Path.Combine(home, "hooks"), name, manifest, script: script);

    private static string Read(string file) => File.Exists(file) ? File.ReadAllText(file) : "";

    [Fact]
    public async Task An_audit_hook_on_every_event_should_see_one_DMs_events_in_order()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var audit = Hook(t.Home, "audit", "events: ['*']", """
            input=$(cat)
            echo "$input" | sed -E 's/^\{"event":"([^"]+)","session_id":"([^"]*)".*/\2 \1/' >> events.log
            """);
        var log = Path.Combine(audit, "events.log");
        await Eventually.True(async () =>
        {
            // The folder is watched: wait until /hooks lists the new hook before the DM it must see.
            await t.Control.DmAsync("cid-hooks-probe", "manager001", "/hooks");
            return (await t.Control.RobotRepliesAsync("cid-hooks-probe")).Any(r => r.Text.Contains("• audit", StringComparison.Ordinal));
        }, "the audit hook loaded");

        await t.Control.DmAsync("cid-audited", "manager001", "audit me");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-audited"), r => r.Count == 1, "the answer");

        // Each line is "conversation event"; the probe conversation's own events are in there too.
        string[] Audited() => Read(log).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("cid-audited ", StringComparison.Ordinal)).Select(line => line["cid-audited ".Length..]).ToArray();
        var events = await Eventually.Get(() => Task.FromResult(Audited()), e => e.Contains("reply:delivered"), "the audit log");
        Assert.Equal(["session:start", "message:received", "agent:start", "agent:end", "reply:delivered"], events);
    }

    [Fact]
    public async Task A_slow_hook_should_never_hold_up_an_answer()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var slow = Hook(t.Home, "slow", "events: ['message:received']\ntimeout_secs: 60", """
            cat > /dev/null
            touch started.$$
            sleep 30
            touch done.$$
            """);
        await Eventually.True(() => Task.FromResult(File.Exists(Path.Combine(slow, "HOOK.yaml"))), "the hook written");

        // Keep asking until the hook has started on one: from then on it sleeps for 30 s.
        await Eventually.True(async () =>
        {
            await t.Control.DmAsync("cid-slow-hooked", "manager001", "wake the slow hook");
            return Directory.GetFiles(slow, "started.*").Length > 0;
        }, "the slow hook running");
        await t.Control.DmAsync("cid-other", "user002", "am I held up?");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-other"), r => r.Count == 1, "the other conversation's answer");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-slow-hooked"), r => r.Count >= 1, "the hooked conversation's answer");

        // Both were answered while the hook still slept on the first message.
        Assert.Empty(Directory.GetFiles(slow, "done.*"));
    }
}
