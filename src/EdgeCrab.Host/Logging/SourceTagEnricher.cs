using Serilog.Core;
using Serilog.Events;

namespace EdgeCrab.Host.Logging;

/// <summary>
/// Sets the <c>Tag</c> property from the event's <c>SourceContext</c> (see <see cref="LogTags.BySource"/>), and an
/// empty one otherwise so the output template prints nothing. A tag the caller set wins.
/// </summary>
internal sealed class SourceTagEnricher : ILogEventEnricher
{
    private static readonly LogEventProperty NoTag = new(LogTags.PropertyName, new ScalarValue(""));

    private static readonly IReadOnlyList<(string SourcePrefix, LogEventProperty Tag)> Tags =
        LogTags.BySource.Select(entry => (entry.SourcePrefix, new LogEventProperty(LogTags.PropertyName, new ScalarValue(entry.Tag)))).ToArray();

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var source = logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var value) && value is ScalarValue { Value: string text }
            ? text
            : "";
        var tag = Tags.FirstOrDefault(entry => source.StartsWith(entry.SourcePrefix, StringComparison.Ordinal)).Tag ?? NoTag;
        logEvent.AddPropertyIfAbsent(tag);
    }
}
