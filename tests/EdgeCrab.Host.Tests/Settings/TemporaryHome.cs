using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

/// <summary>A throw-away EDGECRAB_HOME (and HOME), so no test ever reads or writes the real ~/.edgecrab.</summary>
internal sealed class TemporaryHome : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("edgecrab-home-").FullName;

    public string DotEnvPath => System.IO.Path.Combine(Path, ".env");

    public TemporaryHome WithDotEnv(string contents)
    {
        File.WriteAllText(DotEnvPath, contents);
        return this;
    }

    /// <summary>An environment that points at this home, plus the given variables.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string? Value)[] variables)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [SettingNames.Home] = Path,
            ["HOME"] = Path,
        };
        foreach (var (name, value) in variables) environment[name] = value;
        return environment;
    }

    public SettingsResult Load(params (string Name, string? Value)[] environment) =>
        GatewaySettingsLoader.Load(Environment(environment), new Dictionary<string, string?>());

    public GatewaySettings LoadValid(params (string Name, string? Value)[] environment)
    {
        var result = Load(environment);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Settings;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a log file still closing; the OS temp cleaner gets it */ }
    }
}
