using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.DingTalk.Tests.Security;

/// <summary>Issue 9, item 7: a captured HTTP-callback signature is good for its one callback only.</summary>
public sealed class SignatureReplayGuardSpecs
{
    private const long Timestamp = 1_764_000_000_000;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Check_should_pass_a_first_use_and_DingTalks_retry_of_the_same_callback()
    {
        var guard = new SignatureReplayGuard(Hour, clock: FixedClock.AtUnixMs(Timestamp));

        Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp, "sign-a", "msg-1"));
        Assert.Equal(ReplayVerdict.SameCallbackAgain, guard.Check(Timestamp, "sign-a", "msg-1"));
    }

    [Fact]
    public void Check_should_refuse_the_same_pair_with_another_msgId()
    {
        var clock = FixedClock.AtUnixMs(Timestamp);
        var guard = new SignatureReplayGuard(Hour, clock: clock);
        guard.Check(Timestamp, "sign-a", "msg-1");

        clock.Now += SignatureReplayGuard.SameInstant + TimeSpan.FromMilliseconds(1);
        Assert.Equal(ReplayVerdict.Replayed, guard.Check(Timestamp, "sign-a", "msg-forged"));
        Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp + 1, "sign-b", "msg-forged"));
    }

    [Fact]
    public void Check_should_pass_callbacks_signed_in_the_same_millisecond_that_come_together_but_no_more_than_a_few()
    {
        var clock = FixedClock.AtUnixMs(Timestamp);
        var guard = new SignatureReplayGuard(Hour, clock: clock);
        Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp, "sign-a", "msg-0"));

        clock.Now += SignatureReplayGuard.SameInstant;
        for (var i = 1; i < SignatureReplayGuard.MaxCallbacksPerSignature; i++)
            Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp, "sign-a", $"msg-{i}"));
        Assert.Equal(ReplayVerdict.SameCallbackAgain, guard.Check(Timestamp, "sign-a", "msg-3"));
        Assert.Equal(ReplayVerdict.Replayed, guard.Check(Timestamp, "sign-a", "msg-one-too-many"));
        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void Check_should_remember_a_pair_until_its_timestamp_leaves_the_window_and_then_forget_it()
    {
        var clock = FixedClock.AtUnixMs(Timestamp);
        var guard = new SignatureReplayGuard(Hour, clock: clock);
        guard.Check(Timestamp, "sign-a", "msg-1");

        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(Timestamp) + Hour;
        Assert.Equal(ReplayVerdict.Replayed, guard.Check(Timestamp, "sign-a", "msg-2"));

        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(Timestamp) + Hour + TimeSpan.FromMilliseconds(1);
        guard.Check(Timestamp + 99, "sign-other", "msg-3");
        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void Check_should_refuse_new_pairs_when_full_rather_than_forget_one_still_in_the_window()
    {
        var clock = FixedClock.AtUnixMs(Timestamp);
        var guard = new SignatureReplayGuard(Hour, capacity: 3, clock: clock);
        for (var i = 0; i < 3; i++) Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp + i, $"sign-{i}", $"msg-{i}"));

        Assert.Equal(ReplayVerdict.Full, guard.Check(Timestamp + 3, "sign-3", "msg-3"));
        clock.Now += SignatureReplayGuard.SameInstant + TimeSpan.FromMilliseconds(1);
        Assert.Equal(ReplayVerdict.Replayed, guard.Check(Timestamp, "sign-0", "msg-forged"));
        Assert.Equal(ReplayVerdict.SameCallbackAgain, guard.Check(Timestamp + 1, "sign-1", "msg-1"));

        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(Timestamp + 1) + Hour;
        Assert.Equal(ReplayVerdict.FirstUse, guard.Check(Timestamp + 3, "sign-3", "msg-3"));
    }

    [Fact]
    public void Check_should_give_one_first_use_per_pair_when_called_from_many_threads()
    {
        var guard = new SignatureReplayGuard(Hour, clock: FixedClock.AtUnixMs(Timestamp));

        // Eight pairs, each arriving with more msgIds at once than one millisecond's signing could explain.
        const int checks = 8 * (SignatureReplayGuard.MaxCallbacksPerSignature + 8);
        var verdicts = Enumerable.Range(0, checks).AsParallel().Select(i => guard.Check(Timestamp + i % 8, $"sign-{i % 8}", $"msg-{i}")).ToArray();

        Assert.Equal(8 * SignatureReplayGuard.MaxCallbacksPerSignature, verdicts.Count(v => v == ReplayVerdict.FirstUse));
        Assert.Equal(8 * 8, verdicts.Count(v => v == ReplayVerdict.Replayed));
    }

    [Fact]
    public void Check_should_not_overflow_on_a_timestamp_near_the_end_of_time()
    {
        var clock = FixedClock.AtUnixMs(Timestamp);
        var guard = new SignatureReplayGuard(Hour, clock: clock);

        Assert.Equal(ReplayVerdict.FirstUse, guard.Check(long.MaxValue, "s", "m"));
        clock.Now += SignatureReplayGuard.SameInstant + TimeSpan.FromMilliseconds(1);
        Assert.Equal(ReplayVerdict.Replayed, guard.Check(long.MaxValue, "s", "m2"));
    }
}
