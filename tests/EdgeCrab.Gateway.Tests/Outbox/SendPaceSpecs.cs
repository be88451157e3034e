using System.Diagnostics;
using EdgeCrab.Gateway.Outbox;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Outbox;

/// <summary>
/// The pace is a real limiter on the real clock (System.Threading.RateLimiting takes no TimeProvider), so these specs
/// count the sends granted in a window and check only the bound the limiter guarantees: never faster than its rate. A
/// slow machine only grants fewer.
/// </summary>
public sealed class SendPaceSpecs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1, 20.0, 50)]
    [InlineData(2, 10.0, 100)]
    [InlineData(3, 20.0 / 3, 150)]
    [InlineData(4, 5.0, 200)]
    [InlineData(0, 20.0, 50)]
    public void Share_should_split_the_app_budget_evenly_among_the_sending_nodes(int nodes, double perSecond, int intervalMs)
    {
        Assert.Equal(perSecond, SendPaceShare.PerSecond(SendPace.AppSendsPerSecond, nodes), 9);
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), SendPaceShare.Interval(SendPace.AppSendsPerSecond, nodes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shares_of_every_node_should_never_add_up_to_more_than_the_app_budget(int nodes)
    {
        var total = nodes * (1 / SendPaceShare.Interval(SendPace.AppSendsPerSecond, nodes).TotalSeconds);
        Assert.InRange(total, SendPace.AppSendsPerSecond - 0.001, SendPace.AppSendsPerSecond);
    }

    [Fact]
    public async Task Sends_should_be_granted_no_faster_than_the_pace_and_all_in_the_end()
    {
        using var pace = new SendPace();
        var started = Stopwatch.StartNew();
        var sends = Enumerable.Range(0, 30).Select(_ => pace.WaitAsync(CancellationToken.None)).ToArray();
        await Task.Delay(300);

        var granted = sends.Count(s => s.IsCompletedSuccessfully);
        // The limiter starts with a token: the first send is granted at once, however slow the machine.
        Assert.True(sends[0].IsCompletedSuccessfully, "the first send granted at once");
        AssertNoFasterThan(granted, started.Elapsed, SendPaceShare.Interval(SendPace.AppSendsPerSecond, 1));
        await Task.WhenAll(sends).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_new_share_should_slow_the_pace_and_keep_every_queued_send()
    {
        using var pace = new SendPace();
        var queued = Enumerable.Range(0, 10).Select(_ => pace.WaitAsync(CancellationToken.None)).ToArray();
        pace.ShareAmong(10);
        Assert.Equal((10, 2.0), (pace.Nodes, pace.PerSecond));
        // The sends queued on the old limiter queue again on the new one: none is lost.
        await Task.WhenAll(queued).WaitAsync(Patience);

        var started = Stopwatch.StartNew();
        var sends = Enumerable.Range(0, 10).Select(_ => pace.WaitAsync(CancellationToken.None)).ToArray();
        await Task.Delay(700);
        AssertNoFasterThan(sends.Count(s => s.IsCompletedSuccessfully), started.Elapsed, TimeSpan.FromMilliseconds(500));
        await Task.WhenAll(sends).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancelled_send_should_leave_the_queue()
    {
        using var pace = new SendPace(1);
        await pace.WaitAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = pace.WaitAsync(stop.Token);
        Assert.False(waiting.IsCompleted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    // The limiter starts with one token, then adds one per interval; one more for the timer's rounding. No lower
    // bound: a busy machine's timer may grant none in the window (it failed once so: the queued sends had emptied
    // the bucket, and the next token came after the 700 ms window).
    private static void AssertNoFasterThan(int granted, TimeSpan elapsed, TimeSpan interval)
    {
        var most = 2 + (int)(elapsed / interval);
        Assert.InRange(granted, 0, most);
    }
}
