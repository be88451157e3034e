using EdgeCrab.Tests.Support;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>A test that reads Linux's /proc; elsewhere it skips with that reason, except under CI=true (CI runs Linux).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !Prerequisites.InCi) Skip = "reads /proc: Linux only";
    }
}
