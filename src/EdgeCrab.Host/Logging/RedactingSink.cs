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

    internal LogEvent Redact(LogEvent logEvent) =>
        new(
            logEvent.Timestamp,
            logEvent.Level,
            Redact(logEvent.Exception),
            Redact(logEvent.MessageTemplate),
            logEvent.Properties.Select(property => new LogEventProperty(property.Key, Redact(property.Value))),
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default);

    private Exception? Redact(Exception? exception) =>
        exception switch
        {
            null => null,
            RedactedException => exception,
            _ => new RedactedException(redactor.Redact(exception.Message), redactor.Redact(exception.ToString()), exception.GetType().FullName ?? "Exception"),
        };

    // Only the literal text between property tokens: masking the raw template could cut a "{Name}" token in half.
    private MessageTemplate Redact(MessageTemplate template)
    {
        var changed = false;
        var tokens = new List<MessageTemplateToken>();
        foreach (var token in template.Tokens)
        {
            if (token is TextToken text && redactor.Redact(text.Text) is var masked && masked != text.Text)
            {
                tokens.Add(new TextToken(masked));
                changed = true;
            }
            else
            {
                tokens.Add(token);
            }
        }
        if (!changed) return template;
        var templateText = string.Concat(tokens.Select(token => token is TextToken text ? Escape(text.Text) : token.ToString()));
        return new MessageTemplate(templateText, tokens);
    }

    private static string Escape(string literal) => literal.Replace("{", "{{").Replace("}", "}}");

    private LogEventPropertyValue Redact(LogEventPropertyValue value) =>
        value switch
        {
            ScalarValue scalar => Redact(scalar),
            SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Redact)),
            StructureValue structure => new StructureValue(
                structure.Properties.Select(property => new LogEventProperty(property.Name, Redact(property.Value))), structure.TypeTag),
            DictionaryValue dictionary => new DictionaryValue(
                dictionary.Elements.Select(pair => new KeyValuePair<ScalarValue, LogEventPropertyValue>(Redact(pair.Key), Redact(pair.Value)))),
            _ => value,
        };

    // Any scalar, not only strings: a Uri (a Serilog scalar) prints its query, session webhook token included.
    private ScalarValue Redact(ScalarValue scalar)
    {
        if (scalar.Value is null or bool or int or long or double or decimal or DateTime or DateTimeOffset or TimeSpan or Guid) return scalar;
        var text = Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var masked = redactor.Redact(text);
        return masked == text ? scalar : new ScalarValue(masked);
    }
}
