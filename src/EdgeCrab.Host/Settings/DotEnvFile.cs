using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using DotNetEnv;

namespace EdgeCrab.Host.Settings;

/// <summary>Reads <c>$EDGECRAB_HOME/.env</c> into key/values without touching the process environment.</summary>
internal static partial class DotEnvFile
{
    /// <summary>The file's values (empty when there is no file), or false with one error line.</summary>
    public static bool TryRead(string path, out IReadOnlyDictionary<string, string> values, [NotNullWhen(false)] out string? error)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        if (!File.Exists(path)) return true;
        try
        {
            // setEnvVars: false keeps .env from ever reaching the real environment; clobber: true makes DotNetEnv return the
            // file's own values (with false it substitutes the process's), since precedence is decided by the caller.
            var pairs = Env.Load(path, new LoadOptions(setEnvVars: false, clobberExistingVars: true, onlyExactPath: true));
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in pairs) result[pair.Key] = pair.Value;
            values = result;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{SettingNames.Home}: cannot read {path}: {ex.Message}";
            return false;
        }
        catch (Exception ex)
        {
            // Only the position: the parser's message quotes the text it consumed, which may be a secret.
            var position = ParsePosition().Match(ex.Message);
            error = $"{SettingNames.Home}: {path} is not a valid .env file"
                    + (position.Success ? $" (line {position.Groups["line"].Value}, column {position.Groups["column"].Value})" : "");
            return false;
        }
    }

    [GeneratedRegex(@"Line (?<line>\d+), Column (?<column>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParsePosition();
}
