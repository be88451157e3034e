using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// The gateway and the emulator on loopback: a real websocket, real HTTP, a real SQLite journal. What the stream
/// connection and the sessions do; what intake does with each callback is <see cref="IntakeSpecBase"/>'s.
/// </summary>
public sealed class GatewayEndToEndSpecs
{
    private static Task<IReadOnlyList<EmulatorControl.ChatMessage>> Replies(GatewayUnderTest t, string conversationId, int count) =>
        Eventually.Get(() => t.Control.RobotRepliesAsync(conversationId), r => r.Count >= count, $"{count} robot repl(ies) in {conversationId}");


    [Fact]
    public async Task A_DM_and_a_group_should_be_separate_sessions()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.DmAsync("cid-dm-sep", "user002", "first in the DM");
        await Replies(t, "cid-dm-sep", 1);
        await t.Control.GroupAsync("cid-group-sep", "user002", "/status", atRobot: true);
        await t.Control.DmAsync("cid-dm-sep", "user002", "/usage");
        var group = await Replies(t, "cid-group-sep", 1);
        var dm = await Replies(t, "cid-dm-sep", 2);
        Assert.StartsWith("Idle. Nothing is waiting.", group.Single().Text);
        Assert.Contains("in all: 1 turn, 2 messages", dm[1].Text);
    }

    [Fact]
    public async Task A_dropped_socket_should_reconnect_and_the_next_message_be_answered()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.FaultAsync(new { dropConnections = true });
        await t.Control.DmAsync("cid-drop", "manager001", "are you still there?");
        var replies = await Replies(t, "cid-drop", 1);
        Assert.Equal("(offline agent) You said: are you still there?", replies.Single().Text);
        Assert.Contains("[dingtalk]", t.Logs);
        Assert.Contains("reconnecting with backoff", t.Logs);
    }

    [Fact]
    public async Task A_disconnect_frame_should_open_a_new_connection_and_the_next_message_be_answered()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.FaultAsync(new { sendDisconnect = true });
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("replacing connection"), "a replacement connection");
        await t.Control.DmAsync("cid-disconnect", "manager001", "after the disconnect");
        var replies = await Replies(t, "cid-disconnect", 1);
        Assert.Equal("(offline agent) You said: after the disconnect", replies.Single().Text);
    }

    [Fact]
    public async Task A_silent_socket_should_be_declared_dead_and_replaced()
    {
        // The emulator never pings: a socket that carries nothing for longer than the silence limit is a zombie.
        await using var t = await GatewayUnderTest.StartAsync(
            emulator: new DingTalk.Emulator.EmulatorOptions { PingInterval = TimeSpan.FromHours(1), RedeliverAfter = TimeSpan.FromSeconds(3) },
            connection: GatewayUnderTest.FastConnection with { SilenceLimit = TimeSpan.FromSeconds(2) });
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("treating it as dead"), "the watchdog", TimeSpan.FromSeconds(20));
        // Connection ids are unique per process, not per gateway: count the connects instead.
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Occurrences("[dingtalk] connected to") >= 2, "a new connection");
        await t.Control.DmAsync("cid-zombie", "manager001", "after the zombie");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-zombie"), r => r.Count == 1, "the answer");
    }

    [Fact]
    public async Task Stop_and_retry_should_work_through_the_whole_gateway()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.DmAsync("cid-cmd", "manager001", "question");
        await Replies(t, "cid-cmd", 1);
        await t.Control.DmAsync("cid-cmd", "manager001", "/retry");
        var replies = await Replies(t, "cid-cmd", 2);
        Assert.Equal(replies[0].Text, replies[1].Text);
        await t.Control.DmAsync("cid-cmd", "manager001", "/help");
        Assert.Contains("/retry", (await Replies(t, "cid-cmd", 3))[2].Text);
    }

    [Fact]
    public async Task Rate_limited_replies_should_be_retried_until_delivered()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        // The webhook expired, so replies go through the robot API, which answers 403 QpsLimit twice.
        await t.Control.FaultAsync(new { webhookLifetimeMs = 0, rateLimitNext = 2 });
        await t.Control.DmAsync("cid-throttled", "manager001", "through the robot api");
        var replies = await Replies(t, "cid-throttled", 1);
        Assert.Equal("robotApi", replies.Single().Via);
        Assert.Contains("retried", t.Logs);
    }

    [Fact]
    public async Task Conversation_ids_that_once_shared_an_actor_name_should_both_be_answered()
    {
        await using var t = await GatewayUnderTest.StartAsync();

        await t.Control.DmAsync("p q", "manager001", "to the one with a space");
        await t.Control.DmAsync("p~20q", "manager002", "to the one with a tilde");

        var spaced = await Replies(t, "p q", 1);
        var tilde = await Replies(t, "p~20q", 1);
        Assert.Equal("(offline agent) You said: to the one with a space", spaced.Single().Text);
        Assert.Equal("(offline agent) You said: to the one with a tilde", tilde.Single().Text);
        Assert.DoesNotContain("not unique", t.Logs);
    }
}
