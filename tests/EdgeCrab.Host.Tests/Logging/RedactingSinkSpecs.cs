using EdgeCrab.DingTalk.Security;
using EdgeCrab.Host.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace EdgeCrab.Host.Tests.Logging;

public sealed class RedactingSinkSpecs
{
    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private static LogEvent Through(Action<ILogger> log, params string[] secrets)
    {
        var redactor = new SecretRedactor();
        foreach (var secret in secrets) redactor.Register(secret);
        var collected = new CollectingSink();
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new RedactingSink(redactor, collected)).CreateLogger())
            log(logger);
        return Assert.Single(collected.Events);
    }

    [Fact]
    public void Template_text_should_be_masked_without_breaking_its_property_tokens()
    {
        var logEvent = Through(logger => logger.Information("POST /robot?session=abc123&x=1 {Name} done", "alice"));

        Assert.Equal("POST /robot?session=***&x=1 \"alice\" done", logEvent.RenderMessage());
        Assert.Equal("POST /robot?session=***&x=1 {Name} done", logEvent.MessageTemplate.Text);
    }

    [Fact]
    public void Non_string_scalars_should_be_masked_by_their_text()
    {
        var logEvent = Through(logger => logger.Information("{Url} {Count}", new Uri("https://oapi.dingtalk.com/x?access_token=zzz999"), 42));

        Assert.Equal("https://oapi.dingtalk.com/x?access_token=***", ((ScalarValue)logEvent.Properties["Url"]).Value);
        Assert.Equal(42, ((ScalarValue)logEvent.Properties["Count"]).Value);
    }

    [Fact]
    public void Dictionaries_and_sequences_should_be_masked_too()
    {
        var logEvent = Through(
            logger => logger.Information("{Headers} {Parts}", new Dictionary<string, string> { ["secret-value-1"] = "secret-value-1" }, new[] { "a", "secret-value-1" }),
            "secret-value-1");

        Assert.DoesNotContain("secret-value-1", logEvent.RenderMessage());
    }

    [Fact]
    public void Exception_should_be_replaced_by_its_masked_text()
    {
        var logEvent = Through(logger => logger.Error(new InvalidOperationException("bad secret-value-1", new IOException("inner secret-value-1")), "failed"), "secret-value-1");

        var exception = Assert.IsType<RedactedException>(logEvent.Exception);
        Assert.Equal("bad ***", exception.Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.OriginalType);
        Assert.Contains("System.IO.IOException: inner ***", exception.ToString());
        Assert.DoesNotContain("secret-value-1", exception.ToString());
    }

    [Fact]
    public void Event_without_secrets_should_pass_unchanged()
    {
        var original = new LogEvent(
            DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new Serilog.Parsing.MessageTemplateParser().Parse("plain {Value} {Items}"),
            [new LogEventProperty("Value", new ScalarValue("text")), new LogEventProperty("Items", new SequenceValue([new ScalarValue(1)]))]);

        Assert.Same(original, new RedactingSink(new SecretRedactor(), new CollectingSink()).Redact(original));
    }
}
