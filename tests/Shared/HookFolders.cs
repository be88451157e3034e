using EdgeCrab.Gateway.Hooks;

namespace EdgeCrab.Tests.Support;

/// <summary>Writes a hook folder as EdgeCrab users keep them: <c>hooks/&lt;name&gt;/HOOK.yaml</c> beside a handler. Linked into the Gateway and Host test projects.</summary>
internal static class HookFolders
{
    /// <returns>The hook's folder.</returns>
    public static string Write(string hooksDirectory, string name, string manifest, string handler = "handler.sh", string script = "exit 0\n")
    {
        var folder = Path.Combine(hooksDirectory, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, HookFolder.ManifestFile), manifest);
        File.WriteAllText(Path.Combine(folder, handler), script);
        return folder;
    }
}
