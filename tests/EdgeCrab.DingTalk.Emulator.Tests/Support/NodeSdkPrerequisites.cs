namespace EdgeCrab.Tests.Support;

/// <summary>What the Node SDK specs need: node and DingTalk's dingtalk-stream package installed in tests/node-sdk.</summary>
public static partial class Prerequisites
{
    public static string NodeSdkFolder => Path.Combine(RepositoryRoot, "tests", "node-sdk");

    /// <summary>Null when node and the installed dingtalk-stream package are there, else what is missing.</summary>
    public static string? MissingNodeSdk()
    {
        if (FindOnPath("node") is null) return "node is not on PATH";
        var package = Path.Combine(NodeSdkFolder, "node_modules", "dingtalk-stream", "package.json");
        return File.Exists(package) ? null : $"{package} is missing; run `npm ci` in tests/node-sdk";
    }
}

/// <summary>A fact that needs node and DingTalk's Node SDK: skipped with the reason when they are missing, except in CI.</summary>
public sealed class RequiresNodeFactAttribute : FactAttribute
{
    public RequiresNodeFactAttribute()
    {
        if (!Prerequisites.InCi && Prerequisites.MissingNodeSdk() is { } missing) Skip = "needs DingTalk's Node SDK: " + missing;
    }
}
