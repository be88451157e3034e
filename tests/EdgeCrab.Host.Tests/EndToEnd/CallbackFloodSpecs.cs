using EdgeCrab.DingTalk.Emulator;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Issue 9, backpressure: a flood far larger than the bound on callbacks in flight. The socket stops reading while the
/// bound is reached instead of taking everything in; in the end every message is acked and answered once, the
/// in-flight gauge never passed the bound, and the socket was never dropped.
/// </summary>
public sealed class CallbackFloodSpecs
{
    private const int Bound = 8;
    private const int Messages = 300;

    [Fact]
    public async Task A_flood_past_the_in_flight_bound_should_be_taken_in_whole_without_passing_the_bound()
    {
        await using var t = await GatewayUnderTest.StartAsync(s => s with { MaxCallbacksInFlight = Bound, HttpPort = 0 },
            new EmulatorOptions { RedeliverAfter = TimeSpan.FromSeconds(10), PingInterval = TimeSpan.FromSeconds(1) });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var connects = await t.ConnectsAsync();
        Assert.Equal(Bound, await GatewayProbes.GaugeAsync(http, t, "edgecrab_callbacks_in_flight_limit"));

        await t.Control.LoadAsync(Messages, conversations: 20);
        var samples = new List<double>();
        var report = await Eventually.Get(async () =>
        {
            samples.Add(await GatewayProbes.GaugeAsync(http, t, "edgecrab_callbacks_in_flight"));
            return await t.Control.LoadReportAsync();
        }, r => r.Pushed == Messages && r.Acked == Messages && r.Answered >= Messages, "every message acked and answered", TimeSpan.FromSeconds(90));

        Assert.All(samples, s => Assert.InRange(s, 0, Bound));
        Assert.Equal(Messages, report.Answered);
        Assert.Equal(1, await t.Control.ConnectionCountAsync());
        Assert.Equal(connects, await t.ConnectsAsync());
        await Eventually.Get(() => GatewayProbes.GaugeAsync(http, t, "edgecrab_callbacks_in_flight"), n => n == 0, "every slot freed");
    }

    [Fact]
    public async Task With_every_slot_taken_the_stream_should_pause_and_the_HTTP_callback_answer_503_until_one_frees()
    {
        var port = FreePort.Next();
        await using var t = await GatewayUnderTest.StartAsync(s => s with { MaxCallbacksInFlight = 1, WebhookPort = port },
            new EmulatorOptions { RedeliverAfter = TimeSpan.FromSeconds(60), PingInterval = TimeSpan.FromSeconds(1) });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var held = await t.App!.InFlight.TakeAsync(CancellationToken.None);

        var body = EdgeCrab.DingTalk.Robot.RobotMessageCodec.Write(new EdgeCrab.DingTalk.Robot.RobotMessage
        {
            MsgId = "msgWhileFull",
            Content = new EdgeCrab.DingTalk.Robot.TextContent("while full"),
            ConversationId = "cid-full-http",
            ConversationType = EdgeCrab.DingTalk.Robot.ConversationType.Direct,
            SenderStaffId = "manager001",
        });
        var msgId = await t.Control.DmAsync("cid-full-stream", "manager001", "while full");
        await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries == 1, "the push");
        // The HTTP callback waits its while for a slot and gets 503; the stream callback, read up to its slot, is not acked.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(503, await GatewayProbes.PostSignedAsync(http, t, body, now));
        Assert.False((await t.Control.CallbackAsync(msgId)).Acked);

        held.Dispose();
        await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Acked, "the ack once the slot is free");
        Assert.Equal(200, await GatewayProbes.PostSignedAsync(http, t, body, now - 1));
        Assert.Single(await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-full-stream"), r => r.Count == 1, "the stream answer"));
        Assert.Equal(1, await t.Control.ConnectionCountAsync());
    }
}
