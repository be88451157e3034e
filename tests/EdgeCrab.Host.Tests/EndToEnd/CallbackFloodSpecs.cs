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
}
