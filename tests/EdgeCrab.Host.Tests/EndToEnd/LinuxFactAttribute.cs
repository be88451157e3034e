using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>A test that reads Linux's /proc; elsewhere it skips with that reason, except under CI=true (CI runs Linux).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsLinux() && !inCi) Skip = "reads /proc: Linux only";
    }
}
