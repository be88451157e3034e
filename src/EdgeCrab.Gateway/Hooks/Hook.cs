namespace EdgeCrab.Gateway.Hooks;

/// <summary>A loaded hook: its manifest (<c>HOOK.yaml</c>) and the handler that runs it.</summary>
/// <param name="Folder">The hook's folder name under <c>hooks/</c> (what logs and <c>/hooks</c> show; never an absolute path).</param>
/// <param name="Directory">The folder's full path: the handler's working directory.</param>
/// <param name="Priority">Lower runs first; EdgeCrab's default is 50.</param>
/// <param name="Env">Variables added to the handler's clean environment.</param>
public sealed record Hook(
    string Name,
    string Folder,
    string Directory,
    string Description,
    IReadOnlyList<EventPattern> Events,
    TimeSpan Timeout,
    int Priority,
    bool Enabled,
    IReadOnlyDictionary<string, string> Env,
    string HandlerPath,
    HookRuntime Runtime)
{
    public const int DefaultPriority = 50;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether this hook wants <paramref name="eventName"/>.</summary>
    public bool Wants(string eventName) => Enabled && Events.Any(pattern => pattern.Matches(eventName));
}
