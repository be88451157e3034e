using Xunit;

namespace EdgeCrab.Gateway.Tests.Support;

/// <summary>
/// A test that runs a program from PATH (bash, python3, node). Without it the test skips with that reason, except
/// under CI=true, where .ci/run has installed it and a missing one must fail loudly.
/// </summary>
public sealed class NeedsToolFactAttribute : FactAttribute
{
    public NeedsToolFactAttribute(params string[] tools)
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (tools.FirstOrDefault(tool => !OnPath(tool)) is { } missing && !inCi) Skip = $"needs {missing} on PATH (.ci/run installs it)";
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
