namespace EdgeCrab.Gateway.Hooks;

/// <summary>What reading one hook folder gave: a hook, or why it cannot be one (shown by <c>/hooks</c> and logged).</summary>
public abstract record HookLoad(string Folder)
{
    public sealed record Loaded(Hook Hook) : HookLoad(Hook.Folder);

    /// <param name="Why">One line, naming the file and, for bad YAML, the position: never the file's text (its <c>env</c> may hold secrets).</param>
    public sealed record Broken(string Folder, string Why) : HookLoad(Folder);
}
