using System.Text;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// What <c>/hooks</c> and <c>edgecrab hooks list</c> print, in EdgeCrab's layout: <c>• name [runtime] p=priority</c> per
/// loaded hook with its events and description, then the broken ones with why. Paths are shown relative to the
/// gateway's home (<c>hooks/…</c>), never as the server's absolute path.
/// </summary>
public static class HookListing
{
    public static string Write(IReadOnlyList<HookLoad> loads)
    {
        var loaded = loads.OfType<HookLoad.Loaded>().Select(l => l.Hook).OrderBy(h => h.Priority).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();
        var broken = loads.OfType<HookLoad.Broken>().ToList();
        if (loaded.Count == 0 && broken.Count == 0) return "No hooks are loaded. Put one folder per hook in hooks/ (HOOK.yaml and a handler).";
        var text = new StringBuilder();
        text.Append(loaded.Count == 0 ? "No hooks are loaded." : $"{loaded.Count} hook(s) loaded from hooks/:");
        foreach (var hook in loaded)
        {
            text.Append("\n• ").Append(hook.Name).Append(" [").Append(HookHandlers.Label(hook.Runtime)).Append("] p=").Append(hook.Priority);
            if (!hook.Enabled) text.Append(" (disabled)");
            text.Append("\n  events: ").Append(string.Join(", ", hook.Events));
            if (hook.Description.Length > 0) text.Append("\n  ").Append(hook.Description);
        }
        if (broken.Count > 0)
        {
            text.Append("\n\n").Append(broken.Count).Append(" hook(s) not loaded:");
            foreach (var b in broken) text.Append("\n• hooks/").Append(b.Folder).Append(": ").Append(b.Why);
        }
        return text.ToString();
    }
}
