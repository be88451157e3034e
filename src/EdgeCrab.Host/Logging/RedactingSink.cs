using System.Globalization;
using EdgeCrab.DingTalk.Security;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace EdgeCrab.Host.Logging;

/// <summary>
/// Masks secrets in a log event before the sink behind it sees it: the message template's text, every property value
/// (recursively) and the exception's text. An enricher cannot do this: it can add properties but not replace the
/// exception, and sinks render the template with the original values.
/// </summary>
internal sealed class RedactingSink(SecretRedactor redactor, ILogEventSink inner) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => inner.Emit(Redact(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>The event with every secret masked; the same instance when there was nothing to mask.</summary>
    internal LogEvent Redact(LogEvent logEvent)
    {
        var exception = Redact(logEvent.Exception);
        var template = Redact(logEvent.MessageTemplate);
        var properties = logEvent.Properties.Select(property => (property.Key, Original: property.Value, Masked: Redact(property.Value))).ToArray();
        if (ReferenceEquals(exception, logEvent.Exception) && ReferenceEquals(template, logEvent.MessageTemplate)
            && properties.All(property => ReferenceEquals(property.Original, property.Masked)))
            return logEvent;
        return new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            exception,
            template,
            properties.Select(property => new LogEventProperty(property.Key, property.Masked)),
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default);
    }

    private Exception? Redact(Exception? exception) =>
        exception switch
        {
            null or RedactedException => exception,
            _ => new RedactedException(redactor.Redact(exception.Message), redactor.Redact(exception.ToString()), exception.GetType().FullName ?? "Exception"),
        };

    // Only the literal text between property tokens: masking the raw template could cut a "{Name}" token in half.
    private MessageTemplate Redact(MessageTemplate template)
    {
        var tokens = template.Tokens
            .Select(token => token is TextToken text && redactor.Redact(text.Text) is var masked && masked != text.Text ? new TextToken(masked) : token)
            .ToArray();
        if (tokens.SequenceEqual(template.Tokens, ReferenceEqualityComparer.Instance)) return template;
        var templateText = string.Concat(tokens.Select(token => token is TextToken text ? Escape(text.Text) : token.ToString()));
        return new MessageTemplate(templateText, tokens);
    }

    private static string Escape(string literal) => literal.Replace("{", "{{").Replace("}", "}}");

    // Returns the same instance when nothing inside needed masking, so unchanged events are passed on as they are.
    private LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                return Redact(scalar);
            case SequenceValue sequence:
            {
                var elements = sequence.Elements.Select(Redact).ToArray();
                return elements.SequenceEqual(sequence.Elements, ReferenceEqualityComparer.Instance) ? value : new SequenceValue(elements);
            }
            case StructureValue structure:
            {
                var masked = structure.Properties.Select(property => Redact(property.Value)).ToArray();
                return masked.SequenceEqual(structure.Properties.Select(property => property.Value), ReferenceEqualityComparer.Instance)
                    ? value
                    : new StructureValue(structure.Properties.Select((property, i) => new LogEventProperty(property.Name, masked[i])), structure.TypeTag);
            }
            case DictionaryValue dictionary:
            {
                var pairs = dictionary.Elements.Select(pair => new KeyValuePair<ScalarValue, LogEventPropertyValue>(Redact(pair.Key), Redact(pair.Value))).ToArray();
                var unchanged = pairs.Select(pair => pair.Key).SequenceEqual(dictionary.Elements.Keys, ReferenceEqualityComparer.Instance)
                                && pairs.Select(pair => pair.Value).SequenceEqual(dictionary.Elements.Values, ReferenceEqualityComparer.Instance);
                return unchanged ? value : new DictionaryValue(pairs);
            }
            default:
                return value;
        }
    }

    // Any scalar, not only strings: a Uri (a Serilog scalar) prints its query, session webhook token included.
    private ScalarValue Redact(ScalarValue scalar)
    {
        if (scalar.Value is null or bool or int or long or double or decimal or DateTime or DateTimeOffset or TimeSpan or Guid) return scalar;
        var text = Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "";
        var masked = redactor.Redact(text);
        return masked == text ? scalar : new ScalarValue(masked);
    }
}
