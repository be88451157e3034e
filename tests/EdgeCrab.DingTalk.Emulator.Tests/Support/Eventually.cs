namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>Polls a condition until it holds or a generous deadline passes; tests never sleep a fixed time to wait.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > until) throw new TimeoutException($"gave up waiting for {what}; last value: {last}");
            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? deadline = null) =>
        ValueAsync(probe, v => v, what, deadline);
}
