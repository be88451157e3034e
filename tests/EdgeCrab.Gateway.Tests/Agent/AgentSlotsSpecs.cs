using EdgeCrab.Gateway.Agent;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Agent;

public sealed class AgentSlotsSpecs
{
    [Fact]
    public async Task Acquire_should_grant_up_to_the_limit_then_queue_in_arrival_order()
    {
        using var slots = new AgentSlots(2);
        var first = await slots.AcquireAsync(CancellationToken.None);
        var second = await slots.AcquireAsync(CancellationToken.None);
        var third = slots.AcquireAsync(CancellationToken.None).AsTask();
        var fourth = slots.AcquireAsync(CancellationToken.None).AsTask();
        Assert.Equal((2, 2), (slots.Running, slots.Waiting));
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var thirdLease = await third;
        Assert.False(fourth.IsCompleted);
        Assert.Equal((2, 1), (slots.Running, slots.Waiting));
        second.Dispose();
        using var fourthLease = await fourth;
        Assert.Equal((2, 0), (slots.Running, slots.Waiting));
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquire_should_leave_the_queue_and_never_leak_a_slot()
    {
        using var slots = new AgentSlots(1);
        var held = await slots.AcquireAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = slots.AcquireAsync(stop.Token).AsTask();
        Assert.Equal(1, slots.Waiting);

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), (slots.Running, slots.Waiting));

        held.Dispose();
        Assert.Equal(0, slots.Running);
        using var next = await slots.AcquireAsync(CancellationToken.None);
        Assert.Equal(1, slots.Running);
    }
}
