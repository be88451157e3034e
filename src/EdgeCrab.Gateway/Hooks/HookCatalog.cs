using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// The hooks of one <c>hooks/</c> folder as they are now: read at start, then again whenever a file in it changes (a
/// cheap look at names, sizes and times every few seconds, which works where file-change notifications do not:
/// containers, network shares). Each change is logged once, broken folders with why. Safe to read from any thread.
/// </summary>
public sealed class HookCatalog : IDisposable
{
    /// <summary>No folder, no hooks: for sessions run without a gateway home (tests, the bench).</summary>
    public static readonly HookCatalog None = new(null);

    /// <summary>How often the folder is looked at for changes.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    private readonly string? _directory;
    private readonly ILogger _log;
    private readonly Lock _refreshing = new();
    private Timer? _timer;
    private string _fingerprint = "";
    private State _state = new([], HookListing.Write([]), false);

    /// <param name="directory">The <c>hooks/</c> folder; it may not exist yet (hooks added later are picked up).</param>
    public HookCatalog(string? directory, ILogger? log = null)
    {
        _directory = directory;
        _log = log ?? NullLogger.Instance;
    }

    /// <summary>Every hook folder, loaded or broken, by folder name.</summary>
    public IReadOnlyList<HookLoad> Current => _state.Loads;

    /// <summary>What <c>/hooks</c> answers now.</summary>
    public string Listing => _state.Listing;

    /// <summary>Whether any hook is loaded: when none is, sessions build no events at all (they are on every message's path).</summary>
    public bool AnyLoaded => _state.AnyLoaded;

    /// <summary>The loaded hooks that want <paramref name="eventName"/>, in the order they run: by priority, then by folder.</summary>
    public IReadOnlyList<Hook> Wanting(string eventName) =>
        _state.Loads.OfType<HookLoad.Loaded>().Select(l => l.Hook).Where(h => h.Wants(eventName))
            .OrderBy(h => h.Priority).ThenBy(h => h.Folder, StringComparer.Ordinal).ToList();

    /// <summary>Whether any loaded hook wants <paramref name="eventName"/>.</summary>
    public bool Wants(string eventName) => _state.AnyLoaded && Wanting(eventName).Count > 0;

    /// <summary>Reads the folder now, and then every <paramref name="interval"/> until disposed.</summary>
    public HookCatalog Watch(TimeSpan? interval = null)
    {
        Refresh();
        if (_directory is not null)
            _timer = new Timer(_ => Refresh(), null, interval ?? DefaultInterval, interval ?? DefaultInterval);
        return this;
    }

    /// <summary>Reads the folder again if anything in it changed; true when it did.</summary>
    public bool Refresh()
    {
        if (_directory is null) return false;
        lock (_refreshing)
        {
            var fingerprint = Fingerprint(_directory);
            if (fingerprint == _fingerprint) return false;
            _fingerprint = fingerprint;
            var loads = HookFolder.ReadAll(_directory);
            _state = new State(loads, HookListing.Write(loads), loads.Any(load => load is HookLoad.Loaded));
            foreach (var load in loads)
            {
                if (load is HookLoad.Broken broken) _log.LogWarning("hook hooks/{Folder} not loaded: {Why}", broken.Folder, broken.Why);
            }
            var loaded = loads.OfType<HookLoad.Loaded>().Select(l => l.Hook.Name).ToList();
            _log.LogInformation("{Count} hook(s) loaded{Names}", loaded.Count, loaded.Count == 0 ? "" : ": " + string.Join(", ", loaded));
            return true;
        }
    }

    // Names, sizes and write times of everything under the folder: what an edit, an addition or a removal changes.
    private static string Fingerprint(string directory)
    {
        if (!Directory.Exists(directory)) return "(none)";
        try
        {
            return string.Join('\n', new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Select(entry => $"{Path.GetRelativePath(directory, entry.FullName)}|{(entry as FileInfo)?.Length}|{entry.LastWriteTimeUtc.Ticks}")
                .Order(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder removed while it was being listed: look again next time.
            return "(changing)";
        }
    }

    public void Dispose() => _timer?.Dispose();

    private sealed record State(IReadOnlyList<HookLoad> Loads, string Listing, bool AnyLoaded);
}
