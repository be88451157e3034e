using Xunit;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// A test that runs a program from PATH (bash, python3, node). Without it the test skips with that reason, except
/// under CI=true, where .ci/run has installed it and a missing one must fail loudly.
/// </summary>
public sealed class NeedsToolFactAttribute : FactAttribute
{
    public NeedsToolFactAttribute(string tool)
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!OnPath(tool) && !inCi) Skip = $"needs {tool} on PATH (.ci/run installs it)";
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
