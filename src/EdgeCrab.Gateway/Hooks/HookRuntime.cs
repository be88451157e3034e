namespace EdgeCrab.Gateway.Hooks;

/// <summary>What runs a hook's handler, chosen by the handler's file name as EdgeCrab does.</summary>
public enum HookRuntime
{
    /// <summary><c>handler.py</c>, run with <c>python3</c>.</summary>
    Python,

    /// <summary><c>handler.js</c>, run with <c>node</c>.</summary>
    JavaScript,

    /// <summary><c>handler.ts</c>, run with <c>node</c> where it can strip types.</summary>
    TypeScript,

    /// <summary><c>handler.sh</c>, run with <c>bash</c>.</summary>
    Shell,

    /// <summary>An executable file named <c>handler</c>, run as it is.</summary>
    Executable,
}

/// <summary>The handler file names a hook folder may hold, in the order they are looked for, and how each is shown.</summary>
public static class HookHandlers
{
    /// <summary>The first of these present in the folder is the handler.</summary>
    public static readonly IReadOnlyList<(string FileName, HookRuntime Runtime)> ByPreference =
    [
        ("handler.py", HookRuntime.Python),
        ("handler.js", HookRuntime.JavaScript),
        ("handler.ts", HookRuntime.TypeScript),
        ("handler.sh", HookRuntime.Shell),
        ("handler", HookRuntime.Executable),
    ];

    /// <summary>The runtime's word in <c>/hooks</c>, as EdgeCrab prints it.</summary>
    public static string Label(HookRuntime runtime) => runtime switch
    {
        HookRuntime.Python => "python",
        HookRuntime.JavaScript => "javascript",
        HookRuntime.TypeScript => "typescript",
        HookRuntime.Shell => "shell",
        _ => "executable",
    };
}
