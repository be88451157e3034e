using EdgeCrab.DingTalk.Emulator;
using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// The intake spec over DingTalk's stream websocket, where the gateway acks each callback in a frame of its own and
/// refuses one with a 4xx ack (never sent again); plus what only a stream can do: the same frame twice, a broken frame.
/// </summary>
public sealed class StreamIntakeSpecs : IntakeSpecBase
{
    private protected override Task<GatewayUnderTest> StartAsync(Func<GatewaySettings, GatewaySettings>? configure = null,
        Func<EmulatorOptions, EmulatorOptions>? emulator = null) =>
        GatewayUnderTest.StartAsync(configure, emulator?.Invoke(Emulator()) ?? Emulator());

    private protected override bool Settled(EmulatorControl.CallbackState callback) => callback.Acked || callback.Refused;

    private protected override bool Refused(EmulatorControl.CallbackState callback) => callback.Refused;

    protected override string RefusalLine => "dropped robot callback ";

    [Fact]
    public async Task The_same_frame_pushed_twice_should_be_answered_once()
    {
        await using var t = await StartAsync();
        await t.Control.FaultAsync(new { duplicateNext = 1 });
        var msgId = await t.Control.DmAsync("cid-dup", "manager001", "only once please");
        await Eventually.Get(() => t.Control.CallbackAsync(msgId), c => c.Deliveries >= 2 && c.Acked, "the duplicate delivery");

        await t.Control.DmAsync("cid-dup", "manager001", "and after");
        await ExpectReplies(t, "cid-dup", Echo("only once please"), Echo("and after"));
    }

    [Fact]
    public async Task A_malformed_frame_should_be_logged_and_the_connection_survive()
    {
        await using var t = await StartAsync();
        var connects = await t.ConnectsAsync();
        await t.Control.FaultAsync(new { malformedFrameNext = 1 });
        await t.Control.DmAsync("cid-malformed", "manager001", "after the garbage");
        await ExpectReplies(t, "cid-malformed", Echo("after the garbage"));
        await Eventually.Get(() => Task.FromResult(t.Logs), l => l.Contains("malformed"), "the malformed frame logged");
        Assert.Equal(connects, await t.ConnectsAsync());
    }
}
