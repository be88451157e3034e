using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.DingTalk.Tests.Robot;
using EdgeCrab.Host.Settings;
using FsCheck.Fluent;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// The intake spec over DingTalk's HTTP callback mode (DINGTALK_WEBHOOK_PORT): signed POSTs from the emulator, a 2xx
/// answer acking each and any other status refusing it; plus what only HTTP has: the signature, its clock window,
/// its replay guard and the status codes themselves.
/// </summary>
public sealed class HttpCallbackIntakeSpecs : IntakeSpecBase
{
    private const int HostileCases = 40;

    private protected override Task<GatewayUnderTest> StartAsync(Func<GatewaySettings, GatewaySettings>? configure = null,
        Func<EmulatorOptions, EmulatorOptions>? emulator = null)
    {
        var port = FreePort.Next();
        var options = Emulator(new Uri($"http://127.0.0.1:{port}/dingtalk/callback"));
        return GatewayUnderTest.StartAsync(s => (configure?.Invoke(s) ?? s) with { WebhookPort = port }, emulator?.Invoke(options) ?? options);
    }

    // The emulator counts a POST as delivered once the gateway has answered it; only a 2xx answer acks it.
    private protected override bool Settled(EmulatorControl.CallbackState callback) => callback.Deliveries >= 1;

    private protected override bool Refused(EmulatorControl.CallbackState callback) => callback.Deliveries >= 1 && !callback.Acked;

    protected override string RefusalLine => "dropped an HTTP callback that is not a robot message";

    [Fact]
    public async Task A_callback_signed_with_the_wrong_secret_should_be_refused_and_never_answered()
    {
        await using var t = await StartAsync(emulator: o => o with { HttpCallbackSigningSecret = "not-the-app-secret-at-all" });
        var msgId = await t.Control.DmAsync("cid-http-forged", "manager001", "forged");
        var callback = await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries >= 1, "the attempt");
        Assert.False(callback.Acked);
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("refused an HTTP callback"), "the refusal logged");
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-http-forged"));
        Assert.DoesNotContain("not-the-app-secret-at-all", t.Logs);
    }

    [Fact]
    public async Task A_callback_outside_the_allowed_clock_skew_should_be_refused()
    {
        await using var t = await StartAsync(emulator: o => o with { HttpCallbackClockSkew = TimeSpan.FromMinutes(61) });
        var msgId = await t.Control.DmAsync("cid-http-stale", "manager001", "from the past");
        var callback = await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries >= 1, "the attempt");
        Assert.False(callback.Acked);
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("outside the allowed window"), "the refusal logged");
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-http-stale"));
    }

    [Fact]
    public async Task Hostile_HTTP_callbacks_should_get_400_or_200_and_never_500()
    {
        await using var t = await StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var poison = HostileRobotJson.Callback.Sample(HostileCases);
        for (var i = 0; i < poison.Length; i++)
        {
            // A timestamp of its own for each: one signature is good for one callback only.
            var status = await GatewayProbes.PostSignedAsync(http, t, poison[i], now - i);
            var unreadable = RobotMessageCodec.Parse(poison[i]) is RobotMessageParseResult.Malformed;
            Assert.True(status == (unreadable ? 400 : 200), $"HTTP {status} for {poison[i]}");
        }
        await t.Control.DmAsync("cid-http-after-poison", "manager001", "still there?");
        await ExpectReplies(t, "cid-http-after-poison", Echo("still there?"));
    }

    [Fact]
    public async Task A_signature_reused_with_another_msgId_should_be_refused_while_DingTalks_retry_of_the_same_one_passes()
    {
        await using var t = await StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // The person writes once through the emulator, so its robot API knows the DM the answers below belong to.
        await t.Control.DmAsync("cid-replay", "replay001", "hello");
        await ExpectReplies(t, "cid-replay", Echo("hello"));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;

        Assert.Equal(200, await GatewayProbes.PostSignedAsync(http, t, DirectCallback("msgReplayA", "cid-replay", "replay001", "the real one"), timestamp));
        await ExpectReplies(t, "cid-replay", Echo("hello"), Echo("the real one"));

        // A replay comes later than a second callback DingTalk signed in the same millisecond could (those pass).
        await Task.Delay(SignatureReplayGuard.SameInstant + TimeSpan.FromMilliseconds(100));
        Assert.Equal(401, await GatewayProbes.PostSignedAsync(http, t, DirectCallback("msgReplayB", "cid-replay", "replay001", "forged with captured headers"), timestamp));
        await Eventually.Get(() => Task.FromResult(t.ConsoleLog), l => l.Contains("its signature was already used by another message"), "the warning");

        Assert.Equal(200, await GatewayProbes.PostSignedAsync(http, t, DirectCallback("msgReplayA", "cid-replay", "replay001", "the real one"), timestamp));
        // A later message proves the session went on; by then a second answer to the retry would have been sent.
        await t.Control.DmAsync("cid-replay", "replay001", "and after");
        await ExpectReplies(t, "cid-replay", Echo("hello"), Echo("the real one"), Echo("and after"));
        Assert.Equal(1, t.ConsoleLog.Occurrences("its signature was already used by another message"));
    }
}
