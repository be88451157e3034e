using System.Collections;

namespace EdgeCrab.Host.Settings;

/// <summary>The real process environment as the loader takes it: a snapshot, so loading stays a pure function of its inputs.</summary>
public static class ProcessEnvironment
{
    public static IReadOnlyDictionary<string, string?> Snapshot()
    {
        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            snapshot[(string)entry.Key] = entry.Value as string;
        return snapshot;
    }
}
