using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Tests.Robot;
using FsCheck.Fluent;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Issue 9, items 4 and 5, end to end: FsCheck-generated hostile robot callbacks through the real stream socket and
/// the real HTTP callback. Nothing gets a 500, the socket is never dropped, each refusal is logged once and acked
/// with a refusal (never redelivered), and a normal message is answered afterwards.
/// </summary>
public sealed class PoisonInputSpecs
{
    private const int Cases = 40;

    // Redelivery far away: a refusal logged twice would then be our fault, not a redelivery racing the ack.
    private static EmulatorOptions Emulator(Uri? httpCallback = null) => new()
    {
        RedeliverAfter = TimeSpan.FromSeconds(60),
        PingInterval = TimeSpan.FromSeconds(1),
        HttpCallbackUrl = httpCallback,
    };

    [Fact]
    public async Task Hostile_callbacks_on_the_stream_should_each_be_refused_or_taken_once_without_dropping_the_socket()
    {
        await using var t = await GatewayUnderTest.StartAsync(emulator: Emulator());
        var connects = await t.ConnectsAsync();
        var poison = HostileRobotJson.Callback.Sample(Cases);

        var pushes = new List<(string Data, EmulatorControl.RawPush Push)>();
        foreach (var data in poison) pushes.Add((data, await t.Control.RawAsync(data)));

        var refusals = new List<string>();
        foreach (var (data, push) in pushes)
        {
            var state = await Eventually.Get(() => t.Control.CallbackAsync(push.MsgId), s => s.Acked || s.Refused, $"an ack or refusal of {data}");
            var unreadable = RobotMessageCodec.Parse(data) is RobotMessageParseResult.Malformed;
            Assert.True(unreadable == state.Refused, $"refused = {state.Refused} for {data}");
            Assert.Equal(1, state.Deliveries);
            if (unreadable) refusals.Add($"dropped robot callback {push.MessageId}:");
        }
        Assert.Equal(1, await t.Control.ConnectionCountAsync());
        Assert.Equal(connects, await t.ConnectsAsync());

        await t.Control.DmAsync("cid-after-poison", "manager001", "still there?");
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-after-poison"), r => r.Count == 1, "the answer after the poison");
        Assert.Equal("(offline agent) You said: still there?", replies[0].Text);
        Assert.Equal(connects, await t.ConnectsAsync());
        // Logging is asynchronous: wait for every refusal's line, then check none came twice.
        await Eventually.Get(() => Task.FromResult(t.ConsoleLog), l => refusals.All(l.Contains), "every refusal logged");
        Assert.All(refusals, line => Assert.Equal(1, t.ConsoleLog.Occurrences(line)));
    }

    [Fact]
    public async Task Hostile_HTTP_callbacks_should_get_400_or_200_and_never_500()
    {
        var port = FreePort.Next();
        await using var t = await GatewayUnderTest.StartAsync(s => s with { WebhookPort = port },
            Emulator(new Uri($"http://127.0.0.1:{port}/dingtalk/callback")));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var poison = HostileRobotJson.Callback.Sample(Cases);

        var refused = 0;
        for (var i = 0; i < poison.Length; i++)
        {
            // A timestamp of its own for each: one signature is good for one callback only.
            var status = await GatewayProbes.PostSignedAsync(http, t, poison[i], now - i);
            var unreadable = RobotMessageCodec.Parse(poison[i]) is RobotMessageParseResult.Malformed;
            Assert.True(status == (unreadable ? 400 : 200), $"HTTP {status} for {poison[i]}");
            if (unreadable) refused++;
        }

        await t.Control.DmAsync("cid-http-after-poison", "manager001", "still there?");
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-http-after-poison"), r => r.Count == 1, "the answer after the poison");
        Assert.Equal("(offline agent) You said: still there?", replies[0].Text);
        const string refusal = "dropped an HTTP callback that is not a robot message";
        await Eventually.Get(() => Task.FromResult(t.ConsoleLog.Occurrences(refusal)), n => n >= refused, "every refusal logged");
        Assert.Equal(refused, t.ConsoleLog.Occurrences(refusal));
    }

    [Fact]
    public async Task Conversation_ids_that_once_shared_an_actor_name_should_both_be_answered()
    {
        await using var t = await GatewayUnderTest.StartAsync();

        await t.Control.DmAsync("p q", "manager001", "to the one with a space");
        await t.Control.DmAsync("p~20q", "manager002", "to the one with a tilde");

        var spaced = await Eventually.Get(() => t.Control.RobotRepliesAsync("p q"), r => r.Count == 1, "the answer in 'p q'");
        var tilde = await Eventually.Get(() => t.Control.RobotRepliesAsync("p~20q"), r => r.Count == 1, "the answer in 'p~20q'");
        Assert.Equal("(offline agent) You said: to the one with a space", spaced[0].Text);
        Assert.Equal("(offline agent) You said: to the one with a tilde", tilde[0].Text);
        Assert.DoesNotContain("not unique", t.Logs);
    }
}
