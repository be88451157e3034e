using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeCrab.Host.Settings;

/// <summary>Durations as people write them in settings: <c>500ms</c>, <c>10s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, or <c>hh:mm:ss</c>.</summary>
internal static partial class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        var match = WithUnit().Match(text);
        if (!match.Success) return TimeSpan.TryParseExact(text, ["c", "g"], CultureInfo.InvariantCulture, out duration) && text.Contains(':');
        var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount), "s" => TimeSpan.FromSeconds(amount), "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount),
        };
        return true;
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();
}
