namespace EdgeCrab.DingTalk.Emulator.Tests.Support;

/// <summary>What some tests need from the machine (node, the Node SDK, Chromium), and where the repository is.</summary>
public static class Prerequisites
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

    public static string NodeSdkFolder => Path.Combine(RepositoryRoot, "tests", "node-sdk");

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Null when node and the installed dingtalk-stream package are there, else what is missing.</summary>
    public static string? MissingNodeSdk()
    {
        if (FindOnPath("node") is null) return "node is not on PATH";
        var package = Path.Combine(NodeSdkFolder, "node_modules", "dingtalk-stream", "package.json");
        return File.Exists(package) ? null : $"{package} is missing; run `npm ci` in tests/node-sdk";
    }

    public static string? MissingChromium() => File.Exists(ChromiumPath) ? null : $"{ChromiumPath} is not installed";
}

/// <summary>A fact that needs node and DingTalk's Node SDK: skipped with the reason when they are missing, except in CI.</summary>
public sealed class RequiresNodeFactAttribute : FactAttribute
{
    public RequiresNodeFactAttribute()
    {
        if (!Prerequisites.InCi && Prerequisites.MissingNodeSdk() is { } missing) Skip = "needs DingTalk's Node SDK: " + missing;
    }
}

/// <summary>A fact that needs Chromium: skipped with the reason when it is missing, except in CI.</summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public RequiresChromiumFactAttribute()
    {
        if (!Prerequisites.InCi && Prerequisites.MissingChromium() is { } missing) Skip = "needs Chromium: " + missing;
    }
}
