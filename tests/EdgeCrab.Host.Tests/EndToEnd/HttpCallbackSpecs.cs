using EdgeCrab.DingTalk.Emulator;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>DingTalk's HTTP callback mode (DINGTALK_WEBHOOK_PORT): signed POSTs from the emulator, answered like stream callbacks.</summary>
public sealed class HttpCallbackSpecs
{
    private static async Task<GatewayUnderTest> StartAsync(Func<EmulatorOptions, EmulatorOptions>? emulator = null)
    {
        var port = FreePort.Next();
        var options = new EmulatorOptions
        {
            RedeliverAfter = TimeSpan.FromSeconds(2),
            HttpCallbackUrl = new Uri($"http://127.0.0.1:{port}/dingtalk/callback"),
        };
        return await GatewayUnderTest.StartAsync(s => s with { WebhookPort = port }, emulator?.Invoke(options) ?? options);
    }


    [Fact]
    public async Task A_signed_callback_should_be_acked_and_answered_once()
    {
        await using var t = await StartAsync();
        await t.Control.FaultAsync(new { duplicateNext = 1 });
        var msgId = await t.Control.DmAsync("cid-http", "manager001", "over http");
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-http"), r => r.Count == 1, "the answer");
        Assert.Equal("(offline agent) You said: over http", replies[0].Text);
        Assert.True((await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Acked, "the HTTP ack")).Acked);
        Assert.Contains("accepting HTTP callbacks", t.Logs);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await t.Control.RobotRepliesAsync("cid-http"));
    }

    [Fact]
    public async Task A_callback_signed_with_the_wrong_secret_should_be_refused_and_never_answered()
    {
        await using var t = await StartAsync(o => o with { HttpCallbackSigningSecret = "not-the-app-secret-at-all" });
        var msgId = await t.Control.DmAsync("cid-http-forged", "manager001", "forged");
        await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries >= 1, "the attempt");
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("refused an HTTP callback"), "the refusal is logged");
        Assert.False((await t.Control.CallbackAsync(msgId)).Acked);
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-http-forged"));
        Assert.DoesNotContain("not-the-app-secret-at-all", t.Logs);
    }

    [Fact]
    public async Task A_callback_outside_the_allowed_clock_skew_should_be_refused()
    {
        await using var t = await StartAsync(o => o with { HttpCallbackClockSkew = TimeSpan.FromMinutes(61) });
        var msgId = await t.Control.DmAsync("cid-http-stale", "manager001", "from the past");
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("outside the allowed window"), "the refusal is logged");
        Assert.False((await t.Control.CallbackAsync(msgId)).Acked);
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-http-stale"));
    }
}
