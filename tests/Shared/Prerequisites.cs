namespace EdgeCrab.Tests.Support;

/// <summary>
/// What some tests need from the machine (Chromium here; a test project may add its own, node say, in another part),
/// and where the repository is.
/// </summary>
public static partial class Prerequisites
{
    /// <summary>In CI every prerequisite is installed, so a missing one must fail the test instead of skipping it.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string ChromiumPath = "/usr/bin/chromium";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeCrab.Actors.sln"))) return dir.FullName;
            throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    public static string? MissingChromium() => File.Exists(ChromiumPath) ? null : $"{ChromiumPath} is not installed";
}

/// <summary>A fact that needs Chromium: skipped with the reason when it is missing, except in CI.</summary>
public sealed class RequiresChromiumFactAttribute : Xunit.FactAttribute
{
    public RequiresChromiumFactAttribute()
    {
        if (!Prerequisites.InCi && Prerequisites.MissingChromium() is { } missing) Skip = "needs Chromium: " + missing;
    }
}
