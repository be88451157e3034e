using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.DingTalk.Robot;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Issue 9, item 7, end to end: a captured HTTP-callback signature carries its own callback, and no other.</summary>
public sealed class ReplayedSignatureSpecs
{
    private static string Body(string msgId, string text) => RobotMessageCodec.Write(new RobotMessage
    {
        MsgId = msgId,
        Content = new TextContent(text),
        ConversationId = "cid-replay",
        ConversationType = ConversationType.Direct,
        SenderStaffId = "replay001",
        SenderNick = "Replay",
    });

    [Fact]
    public async Task A_signature_reused_with_another_msgId_should_be_refused_while_DingTalks_retry_of_the_same_one_passes()
    {
        var port = FreePort.Next();
        await using var t = await GatewayUnderTest.StartAsync(s => s with { WebhookPort = port },
            new EmulatorOptions { RedeliverAfter = TimeSpan.FromSeconds(2), HttpCallbackUrl = new Uri($"http://127.0.0.1:{port}/dingtalk/callback") });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // The person writes once through the emulator, so its robot API knows the DM the answers below belong to.
        await t.Control.DmAsync("cid-replay", "replay001", "hello");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-replay"), r => r.Count == 1, "the first answer");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;

        Assert.Equal(200, await GatewayProbes.PostSignedAsync(http, t, Body("msgReplayA", "the real one"), timestamp));
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-replay"), r => r.Count == 2, "the answer to the signed callback");

        Assert.Equal(401, await GatewayProbes.PostSignedAsync(http, t, Body("msgReplayB", "forged with captured headers"), timestamp));
        await Eventually.Get(() => Task.FromResult(t.ConsoleLog), l => l.Contains("its signature was already used by another message"), "the warning");

        Assert.Equal(200, await GatewayProbes.PostSignedAsync(http, t, Body("msgReplayA", "the real one"), timestamp));
        // A later message proves the session went on; by then a second answer to the retry would have been sent.
        await t.Control.DmAsync("cid-replay", "replay001", "and after");
        var replies = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-replay"), r => r.Count >= 3, "the answer after the replay");
        Assert.Equal(
            ["(offline agent) You said: hello", "(offline agent) You said: the real one", "(offline agent) You said: and after"],
            replies.Select(r => r.Text));
        Assert.Equal(1, t.ConsoleLog.Occurrences("its signature was already used by another message"));
    }
}
