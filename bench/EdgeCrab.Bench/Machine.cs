using System.Runtime.InteropServices;

namespace EdgeCrab.Bench;

/// <summary>What the figures were measured on: printed above every table, since figures only compare on one machine.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var ram = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var cpu = CpuModel();
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, "
            + $"{ram / 1024.0 / 1024 / 1024:0.#} GiB RAM; {RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.OSArchitecture}; "
            + $".NET {Environment.Version}{(IsRelease ? "" : " (DEBUG build: figures are not comparable)")}";
    }

    public static bool IsRelease =>
#if DEBUG
        false;
#else
        true;
#endif

    private static string? CpuModel()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
