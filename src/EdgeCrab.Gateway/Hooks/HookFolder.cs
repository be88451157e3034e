using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// Reads <c>hooks/&lt;name&gt;/HOOK.yaml</c> and finds its handler, as EdgeCrab lays a hook out: <c>name</c>,
/// <c>description</c>, <c>events</c>, <c>timeout_secs</c> (10), <c>priority</c> (50, lower first), <c>enabled</c> (true)
/// and <c>env</c>. One broken folder never keeps the others from loading.
/// </summary>
public static class HookFolder
{
    public const string ManifestFile = "HOOK.yaml";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Every folder under <paramref name="hooksDirectory"/>, by name; none when it does not exist.</summary>
    public static IReadOnlyList<HookLoad> ReadAll(string hooksDirectory) =>
        System.IO.Directory.Exists(hooksDirectory)
            ? System.IO.Directory.GetDirectories(hooksDirectory).Order(StringComparer.Ordinal).Select(Read).ToList()
            : [];

    public static HookLoad Read(string directory)
    {
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath)) return new HookLoad.Broken(folder, $"no {ManifestFile}");
        Manifest? manifest;
        try
        {
            manifest = Yaml.Deserialize<Manifest?>(File.ReadAllText(manifestPath));
        }
        catch (YamlException e)
        {
            // The position only: YamlDotNet's message may quote the text, and env values may be secrets.
            return new HookLoad.Broken(folder, $"{ManifestFile} is not valid YAML (line {e.Start.Line}, column {e.Start.Column})");
        }
        catch (IOException e)
        {
            return new HookLoad.Broken(folder, $"{ManifestFile} cannot be read: {e.GetType().Name}");
        }
        if (manifest is null) return new HookLoad.Broken(folder, $"{ManifestFile} is empty");
        if (manifest.Events is not { Count: > 0 }) return new HookLoad.Broken(folder, $"{ManifestFile} lists no events");
        var patterns = manifest.Events.Select(EventPattern.Parse).ToList();
        var unknown = patterns.FindIndex(pattern => pattern is null);
        if (unknown >= 0)
            return new HookLoad.Broken(folder, $"event '{manifest.Events[unknown]}' is none of: an event name (command:status), a prefix (command:*), or *");
        if (manifest.TimeoutSecs is <= 0) return new HookLoad.Broken(folder, "timeout_secs must be a positive number of seconds");
        var found = HookHandlers.ByPreference.Where(h => File.Exists(Path.Combine(directory, h.FileName))).Take(1).ToList();
        if (found.Count == 0)
            return new HookLoad.Broken(folder, $"no handler (one of {string.Join(", ", HookHandlers.ByPreference.Select(h => h.FileName))})");
        var handler = found[0];
        var handlerPath = Path.Combine(directory, handler.FileName);
        if (handler.Runtime == HookRuntime.Executable && !OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(handlerPath) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            return new HookLoad.Broken(folder, "'handler' is not executable (chmod +x handler)");
        return new HookLoad.Loaded(new Hook(
            string.IsNullOrWhiteSpace(manifest.Name) ? folder : manifest.Name.Trim(),
            folder,
            Path.GetFullPath(directory),
            manifest.Description?.Trim() ?? "",
            patterns.Select(pattern => pattern!).ToList(),
            manifest.TimeoutSecs is { } seconds ? TimeSpan.FromSeconds(seconds) : Hook.DefaultTimeout,
            manifest.Priority ?? Hook.DefaultPriority,
            manifest.Enabled ?? true,
            manifest.Env ?? new Dictionary<string, string>(),
            handlerPath,
            handler.Runtime));
    }

    /// <summary>HOOK.yaml as written; every field optional here, checked above.</summary>
    private sealed class Manifest
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public List<string>? Events { get; set; }
        public double? TimeoutSecs { get; set; }
        public int? Priority { get; set; }
        public bool? Enabled { get; set; }
        public Dictionary<string, string>? Env { get; set; }
    }
}
