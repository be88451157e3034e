using EdgeCrab.Host.Settings;

namespace EdgeCrab.Host.Cli;

/// <summary>Loads the settings for a command, or prints each problem as one <c>edgecrab: …</c> line.</summary>
internal static class CommandLineSettings
{
    /// <summary>The exit code for settings that do not validate.</summary>
    public const int InvalidExitCode = 2;

    public static async Task<GatewaySettings?> LoadOrReportAsync(IReadOnlyDictionary<string, string?> commandLine)
    {
        var result = GatewaySettingsLoader.Load(commandLine);
        if (result.IsValid) return result.Settings;
        foreach (var error in result.Errors) await Console.Error.WriteLineAsync("edgecrab: " + error);
        return null;
    }
}
