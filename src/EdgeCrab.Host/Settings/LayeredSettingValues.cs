namespace EdgeCrab.Host.Settings;

/// <summary>
/// The raw text of each setting from the first layer that has it: command line, then the real environment, then
/// <c>$EDGECRAB_HOME/.env</c>. A key present but empty in a higher layer still wins (and means "default"), so an
/// empty environment variable can switch off what <c>.env</c> says.
/// </summary>
internal sealed class LayeredSettingValues(
    IReadOnlyDictionary<string, string?> commandLine,
    IReadOnlyDictionary<string, string?> environment,
    IReadOnlyDictionary<string, string> dotEnv,
    string dotEnvPath)
{
    /// <summary>The raw value, or null when no layer has the key.</summary>
    public string? Raw(string name)
    {
        if (commandLine.TryGetValue(name, out var fromCommandLine) && fromCommandLine is not null) return fromCommandLine;
        if (environment.TryGetValue(name, out var fromEnvironment) && fromEnvironment is not null) return fromEnvironment;
        return dotEnv.TryGetValue(name, out var fromDotEnv) ? fromDotEnv : null;
    }

    /// <summary>Where a value came from, for error lines, when that is the file the user may have forgotten about.</summary>
    public string Origin(string name) =>
        Raw(name) is not null
        && !(commandLine.TryGetValue(name, out var c) && c is not null)
        && !(environment.TryGetValue(name, out var e) && e is not null)
            ? $" (from {dotEnvPath})"
            : "";
}
