namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Polls until a condition holds, failing with what was awaited (and the last value seen) after a generous deadline.</summary>
internal static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Timed out waiting for: {what}. Last seen: {Describe(value)}");
            await Task.Delay(50);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object>()) + "]"
        : value?.ToString() ?? "null";
}
