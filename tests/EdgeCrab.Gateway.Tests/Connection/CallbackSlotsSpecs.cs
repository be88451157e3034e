using EdgeCrab.Gateway.Connection;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Connection;

public sealed class CallbackSlotsSpecs
{
    [Fact]
    public async Task TryTakeAsync_should_give_nothing_past_the_limit_until_a_slot_is_freed()
    {
        var slots = new CallbackSlots(2);
        var a = await slots.TakeAsync(CancellationToken.None);
        var b = await slots.TryTakeAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.NotNull(b);
        Assert.Equal(2, slots.InUse);
        Assert.Null(await slots.TryTakeAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None));

        a.Dispose();
        Assert.Equal(1, slots.InUse);
        Assert.NotNull(await slots.TryTakeAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_slot_should_be_freed_once_however_often_it_is_disposed()
    {
        var slots = new CallbackSlots(3);
        var slot = await slots.TakeAsync(CancellationToken.None);
        var freed = 0;
        slot.WhenFreed(_ => freed++);

        slot.Dispose();
        slot.Dispose();

        Assert.Equal(0, slots.InUse);
        Assert.Equal(1, freed);
        Assert.Equal(3, slots.Limit - slots.InUse);
    }

    [Fact]
    public async Task TakeAsync_should_wait_for_a_freed_slot_and_serve_waiters_in_arrival_order()
    {
        var slots = new CallbackSlots(1);
        var held = await slots.TakeAsync(CancellationToken.None);
        var first = slots.TakeAsync(CancellationToken.None).AsTask();
        var second = slots.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(first.IsCompleted);

        held.Dispose();
        var firstSlot = await first;
        Assert.False(second.IsCompleted);
        firstSlot.Dispose();
        var last = await second;

        Assert.Equal(1, slots.InUse);
        last.Dispose();
    }

    [Fact]
    public async Task TakeAsync_should_give_up_when_cancelled()
    {
        var slots = new CallbackSlots(1);
        using var _ = await slots.TakeAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var waiting = slots.TakeAsync(stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, slots.InUse);
    }
}
