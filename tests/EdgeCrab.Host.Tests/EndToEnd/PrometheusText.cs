using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Reads values out of a Prometheus text exposition, as a scraper would: by metric name and labels.</summary>
internal static partial class PrometheusText
{
    /// <summary>
    /// The sum of <paramref name="name"/>'s samples whose labels include every one of <paramref name="labels"/>
    /// (<c>key=value</c>), or null when there is none.
    /// </summary>
    public static double? Value(string text, string name, params string[] labels)
    {
        double? sum = null;
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups["name"].Value != name) continue;
            var present = Label().Matches(sample.Groups["labels"].Value).Select(l => $"{l.Groups[1].Value}={l.Groups[2].Value}").ToHashSet();
            if (!labels.All(present.Contains)) continue;
            sum = (sum ?? 0) + double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
