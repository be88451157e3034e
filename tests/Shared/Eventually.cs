namespace EdgeCrab.Tests.Support;

/// <summary>
/// Polls until a condition holds, failing with what was awaited (and the last value seen) after a generous deadline.
/// Tests never sleep a fixed time to wait for something. One source, linked into every test project (see each csproj).
/// </summary>
internal static class Eventually
{
    /// <summary>Generous on purpose: the deadline only decides how long a failing test takes, never whether a passing one passes.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>Reads until <paramref name="done"/> holds for what was read, and returns that value.</summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultDeadline);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Timed out waiting for: {what}. Last seen: {Describe(value)}");
            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Waits until <paramref name="condition"/>, which other threads make true, holds.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? within = null) =>
        Get(() => Task.FromResult(condition()), holds => holds, what, within);

    /// <summary>Waits until an asynchronous probe answers true.</summary>
    public static Task True(Func<Task<bool>> probe, string what, TimeSpan? within = null) =>
        Get(probe, holds => holds, what, within);

    private static string Describe<T>(T value) => value is System.Collections.IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object>()) + "]"
        : value?.ToString() ?? "null";
}
