using Serilog.Core;
using Serilog.Events;

namespace EdgeCrab.Host.Logging;

/// <summary>
/// Sets the <c>Tag</c> property from the event's <c>SourceContext</c> (e.g. <c>[dingtalk] </c> for the connection
/// actors), and an empty one otherwise so the output template prints nothing. A tag the caller set wins.
/// </summary>
internal sealed class SourceTagEnricher : ILogEventEnricher
{
    private static readonly LogEventProperty NoTag = new(LogTags.PropertyName, new ScalarValue(""));
    private static readonly LogEventProperty DingTalkTag = new(LogTags.PropertyName, new ScalarValue(LogTags.DingTalk));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var source = logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var value) && value is ScalarValue { Value: string text }
            ? text
            : "";
        logEvent.AddPropertyIfAbsent(LogTags.DingTalkSources.Any(prefix => source.StartsWith(prefix, StringComparison.Ordinal)) ? DingTalkTag : NoTag);
    }
}
