using EdgeCrab.Host.Runtime;
using Xunit;

namespace EdgeCrab.Host.Tests.Hosting;

/// <summary>When a quiet gateway gives the collector's spare memory back: only after a quiet spell, only when worth it, once.</summary>
public sealed class MemoryTrimPolicySpecs
{
    private const long MiB = 1 << 20;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(60);

    private static MemoryTrimPolicy Policy() => new(Quiet, quietBytesPerCheck: MiB, worthReturning: 64 * MiB);

    [Fact]
    public void A_process_that_stays_quiet_for_the_whole_spell_should_trim_once_enough_is_spare()
    {
        var policy = Policy();
        var allocated = 0L;
        for (var s = 0; s < 60; s += 10)
        {
            allocated += MiB / 2;
            Assert.False(policy.ShouldTrim(TimeSpan.FromSeconds(s), allocated, committed: 300 * MiB, heapSize: 100 * MiB));
        }

        Assert.True(policy.ShouldTrim(TimeSpan.FromSeconds(60), allocated + MiB / 2, committed: 300 * MiB, heapSize: 100 * MiB));
    }

    [Fact]
    public void Allocation_above_the_quiet_rate_should_start_the_spell_again()
    {
        var policy = Policy();
        policy.ShouldTrim(TimeSpan.Zero, 0, 300 * MiB, 100 * MiB);
        Assert.False(policy.ShouldTrim(TimeSpan.FromSeconds(50), 10 * MiB, 300 * MiB, 100 * MiB));

        Assert.False(policy.ShouldTrim(TimeSpan.FromSeconds(100), 10 * MiB, 300 * MiB, 100 * MiB));
        Assert.True(policy.ShouldTrim(TimeSpan.FromSeconds(110), 10 * MiB, 300 * MiB, 100 * MiB));
    }

    [Fact]
    public void A_quiet_process_with_little_spare_memory_should_not_pay_for_a_full_collection()
    {
        var policy = Policy();
        policy.ShouldTrim(TimeSpan.Zero, 0, 150 * MiB, 100 * MiB);

        Assert.False(policy.ShouldTrim(TimeSpan.FromMinutes(10), 0, committed: 150 * MiB, heapSize: 100 * MiB));
    }

    [Fact]
    public void After_a_trim_the_collector_commits_only_its_heap_so_the_next_check_should_not_trim_again()
    {
        var policy = Policy();
        policy.ShouldTrim(TimeSpan.Zero, 0, 300 * MiB, 100 * MiB);
        Assert.True(policy.ShouldTrim(Quiet, 0, 300 * MiB, 100 * MiB));

        Assert.False(policy.ShouldTrim(Quiet + TimeSpan.FromSeconds(10), 0, committed: 101 * MiB, heapSize: 100 * MiB));
    }
}
