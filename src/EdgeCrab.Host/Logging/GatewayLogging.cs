using System.Globalization;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Host.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace EdgeCrab.Host.Logging;

/// <summary>
/// The gateway's one Serilog logger: console plus a daily rolling file in <c>$EDGECRAB_HOME/logs/</c>, every sink behind
/// a <see cref="RedactingSink"/>, lines led by their <c>[dingtalk]</c>-style tag.
/// </summary>
public static class GatewayLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Tag}{Message:lj}{NewLine}{Exception}";
    public const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Tag}{Message:lj} <{SourceContext}>{NewLine}{Exception}";
    public const int RetainedLogFiles = 14;

    /// <summary>Path pattern of the log files; Serilog inserts the date before the extension.</summary>
    public static string LogFilePath(GatewaySettings settings) => Path.Combine(settings.LogsDirectory, "edgecrab-.log");

    /// <summary>
    /// Builds the logger and registers the settings' secrets with <paramref name="redactor"/> (the same instance should
    /// mask replies and exception texts elsewhere). Dispose the logger at exit to flush the file.
    /// </summary>
    /// <param name="console">Where console lines go; null is the real console (with colours when it is a terminal).</param>
    public static Logger CreateLogger(GatewaySettings settings, SecretRedactor redactor, TextWriter? console = null)
    {
        foreach (var secret in settings.Secrets) redactor.Register(secret);

        var minimum = ToSerilog(settings.LogLevel);
        // Akka and ASP.NET chatter at info is noise next to the gateway's own lines; at debug the reader wants it all.
        var frameworks = settings.LogLevel == GatewayLogLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning;

        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            // Akka's events arrive under the class that logged them (ActorSourceLogger), so Akka's own chatter is held
            // back like Microsoft's while the gateway's actors (EdgeCrab.*) log at the chosen level.
            .MinimumLevel.Override("Akka", frameworks)
            .MinimumLevel.Override("Microsoft", frameworks)
            .MinimumLevel.Override("System", frameworks)
            .Enrich.FromLogContext()
            .Enrich.With<SourceTagEnricher>()
            .WriteTo.Sink(new RedactingSink(redactor, Sinks(settings, console)))
            .CreateLogger();
    }

    /// <summary>The <c>akka.loglevel</c> matching the settings, so Akka does not build events Serilog would drop.</summary>
    public static string AkkaLogLevel(GatewaySettings settings) =>
        settings.LogLevel switch
        {
            GatewayLogLevel.Debug => "DEBUG",
            GatewayLogLevel.Warning => "WARNING",
            // The gateway's own actors log through Akka, so their info lines must get out; Akka's own are held at Warning in Serilog.
            _ => "INFO",
        };

    /// <summary>The <c>akka.stdout-loglevel</c>: Akka's own start and shutdown lines (Remoting shut down, ...) only at debug.</summary>
    public static string AkkaStdoutLogLevel(GatewaySettings settings) => settings.LogLevel == GatewayLogLevel.Debug ? "DEBUG" : "WARNING";

    internal static LogEventLevel ToSerilog(GatewayLogLevel level) =>
        level switch
        {
            GatewayLogLevel.Debug => LogEventLevel.Debug,
            GatewayLogLevel.Warning => LogEventLevel.Warning,
            _ => LogEventLevel.Information,
        };

    // Console and file sit in an inner logger the redacting wrapper owns: one masking per event, whatever the sink count.
    // Levels are filtered by the outer logger already.
    private static Logger Sinks(GatewaySettings settings, TextWriter? console)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Verbose();
        configuration = console is null
            ? configuration.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture)
            : configuration.WriteTo.Sink(new TextWriterSink(console, new MessageTemplateTextFormatter(ConsoleTemplate, CultureInfo.InvariantCulture)));
        return configuration
            .WriteTo.File(
                LogFilePath(settings),
                outputTemplate: FileTemplate,
                formatProvider: CultureInfo.InvariantCulture,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: RetainedLogFiles)
            .CreateLogger();
    }
}
