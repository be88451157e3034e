using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>The gateway and the emulator on loopback: a real websocket, real HTTP, a real SQLite journal.</summary>
public sealed class GatewayEndToEndSpecs
{
    private static Task<IReadOnlyList<EmulatorControl.ChatMessage>> Replies(GatewayUnderTest t, string conversationId, int count) =>
        Eventually.Get(() => t.Control.RobotRepliesAsync(conversationId), r => r.Count >= count, $"{count} robot repl(ies) in {conversationId}");

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    /// <summary>Lets anything that should not happen have the time to happen before asserting it did not.</summary>
    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_DM_should_be_acked_and_answered_once()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var msgId = await t.Control.DmAsync("cid-dm-e2e", "manager001", "hello robot");
        var replies = await Replies(t, "cid-dm-e2e", 1);
        Assert.Equal("(offline agent) You said: hello robot", replies.Single().Text);
        Assert.Equal("sessionWebhook", replies.Single().Via);
        Assert.True((await t.Control.CallbackAsync(msgId)).Acked);
        await Settle();
        Assert.Single(await t.Control.RobotRepliesAsync("cid-dm-e2e"));
    }

    [Fact]
    public async Task A_group_message_should_be_answered_only_when_the_robot_is_mentioned()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        var unmentioned = await t.Control.GroupAsync("cid-group-e2e", "user002", "talking among ourselves", atRobot: false);
        await t.Control.GroupAsync("cid-group-e2e", "user002", "robot, summarise please", atRobot: true);
        var replies = await Replies(t, "cid-group-e2e", 1);
        Assert.Equal("(offline agent) You said: robot, summarise please", replies.Single().Text);
        Assert.True((await t.Control.CallbackAsync(unmentioned)).Acked);
        await Settle();
        Assert.Single(await t.Control.RobotRepliesAsync("cid-group-e2e"));
    }

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
    public async Task A_sender_outside_the_allow_list_should_never_reach_the_agent()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { AllowedUsers = new HashSet<string> { "manager001" } });
        var outsider = await t.Control.DmAsync("cid-outsider", "user003", "let me in");
        await t.Control.DmAsync("cid-insider", "manager001", "hi");
        await Replies(t, "cid-insider", 1);
        Assert.True((await Eventually.Get(() => t.Control.CallbackAsync(outsider), c => c.Acked, "the outsider's callback is acked")).Acked);
        await Settle();
        Assert.Empty(await t.Control.RobotRepliesAsync("cid-outsider"));
        Assert.DoesNotContain("let me in", t.Logs);
    }

    [Fact]
    public async Task A_duplicated_callback_should_be_answered_once()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.FaultAsync(new { duplicateNext = 1 });
        var msgId = await t.Control.DmAsync("cid-dup", "manager001", "only once please");
        await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries >= 2 && c.Acked, "the duplicate delivery");
        await Replies(t, "cid-dup", 1);
        await Settle();
        Assert.Single(await t.Control.RobotRepliesAsync("cid-dup"));
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
        await Eventually.Get(() => Task.FromResult(t.Logs), l => CountOf(l, "[dingtalk] connected to") >= 2, "a new connection");
        await t.Control.DmAsync("cid-zombie", "manager001", "after the zombie");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-zombie"), r => r.Count == 1, "the answer");
    }

    [Fact]
    public async Task A_malformed_frame_should_be_logged_and_the_connection_survive()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        await t.Control.FaultAsync(new { malformedFrameNext = 1 });
        await t.Control.DmAsync("cid-malformed", "manager001", "after the garbage");
        await Replies(t, "cid-malformed", 1);
        Assert.Contains("malformed", t.Logs);
        Assert.DoesNotContain("reconnecting with backoff", t.Logs);
    }

    [Fact]
    public async Task Unsupported_types_and_oversized_text_should_get_one_clear_reply()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { MaxInboundChars = 1000 });
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-picture", senderStaffId = "manager001", text = "holiday photo", msgtype = "picture" });
        await t.Control.DmAsync("cid-long", "manager001", new string('x', 1001));
        var picture = await Replies(t, "cid-picture", 1);
        var longText = await Replies(t, "cid-long", 1);
        Assert.Contains("I can only read text", picture.Single().Text);
        Assert.Contains("1,001 characters", longText.Single().Text);
        await Settle();
        Assert.Single(await t.Control.RobotRepliesAsync("cid-picture"));
    }

    [Fact]
    public async Task A_forged_session_webhook_should_never_be_called()
    {
        await using var t = await GatewayUnderTest.StartAsync();
        using var trap = new WebhookTrap();
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-forged", senderStaffId = "manager001", text = "answer me", sessionWebhook = trap.Url });
        var replies = await Replies(t, "cid-forged", 1);
        Assert.Equal("robotApi", replies.Single().Via);
        Assert.Equal(0, trap.Calls);
        Assert.Contains("forged session webhook", t.Logs);
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
}
